using DurableTask.AzureStorage;
using DurableTask.AzureStorage.Tracking;
using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using CoreStatus = DurableTask.Core.OrchestrationStatus;
using PurgeResult = Microsoft.DurableTask.Client.PurgeResult;

namespace Pipeline.LocalHost.Durable;

/// <summary>
/// The Durable Task client over the task hub in storage, for everything local that starts, queries, signals or
/// terminates an orchestration (the CLI, the web views, the HTTP functions under the local host). The same abstract
/// <see cref="DurableTaskClient"/> the app gets from its <c>[DurableClient]</c> binding in Azure, implemented over the
/// Durable Task Framework's <see cref="AzureStorageOrchestrationService"/>, with Durable Functions' semantics: a new
/// start replaces an instance that finished, and is refused while one with the same id is pending or running.
/// </summary>
public sealed class LocalDurableTaskClient(AzureStorageOrchestrationService service, DataConverter converter) : DurableTaskClient("local")
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    private static readonly CoreStatus[] Active = [CoreStatus.Pending, CoreStatus.Running, CoreStatus.ContinuedAsNew, CoreStatus.Suspended];

    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        var instance = new OrchestrationInstance
        {
            InstanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N"),
            ExecutionId = Guid.NewGuid().ToString("N"),
        };
        var started = new ExecutionStartedEvent(-1, input is null ? null : converter.Serialize(input))
        {
            Name = orchestratorName.Name,
            Version = "",
            OrchestrationInstance = instance,
            ScheduledStartTime = options?.StartAt?.UtcDateTime,
        };
        try
        {
            await service.CreateTaskOrchestrationAsync(new TaskMessage { OrchestrationInstance = instance, Event = started }, Active);
        }
        catch (DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException e)
        {
            throw new InvalidOperationException($"An orchestration with instance id '{instance.InstanceId}' is already pending or running.", e);
        }

        return instance.InstanceId;
    }

    public override async Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
    {
        var state = await StateAsync(instanceId, false) ?? throw new InvalidOperationException($"No orchestration instance '{instanceId}'.");
        await service.SendTaskOrchestrationMessageAsync(new TaskMessage
        {
            OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId, ExecutionId = state.OrchestrationInstance.ExecutionId },
            Event = new EventRaisedEvent(-1, eventPayload is null ? null : converter.Serialize(eventPayload)) { Name = eventName },
        });
    }

    public override async Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        while (true)
        {
            var state = await GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation);
            if (state is not null && state.RuntimeStatus != OrchestrationRuntimeStatus.Pending) return state;
            await Task.Delay(Poll, cancellation);
        }
    }

    public override async Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        while (true)
        {
            var state = await GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation);
            if (state is { RuntimeStatus: OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated }) return state;
            await Task.Delay(Poll, cancellation);
        }
    }

    public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default) =>
        service.ForceTerminateTaskOrchestrationAsync(instanceId, options?.Output is { } o ? converter.Serialize(o) : "terminated");

    public override Task TerminateInstanceAsync(string instanceId, object? output, CancellationToken cancellation = default) =>
        service.ForceTerminateTaskOrchestrationAsync(instanceId, output is null ? "terminated" : converter.Serialize(output));

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        service.SendTaskOrchestrationMessageAsync(new TaskMessage
        {
            OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId },
            Event = new ExecutionSuspendedEvent(-1, reason),
        });

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        service.SendTaskOrchestrationMessageAsync(new TaskMessage
        {
            OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId },
            Event = new ExecutionResumedEvent(-1, reason),
        });

    /// <summary>Rewinds a Failed instance: its failed activities run again, the rest of its history stands.</summary>
    public override Task RewindInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        service.RewindTaskOrchestrationAsync(instanceId, reason ?? "rewound");

    public override async Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        var state = await StateAsync(instanceId, getInputsAndOutputs);
        return state is null ? null : Metadata(state, getInputsAndOutputs);
    }

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) =>
        Pageable.Create<OrchestrationMetadata>(async (continuation, pageSize, cancellation) =>
        {
            var condition = new OrchestrationInstanceStatusQueryCondition
            {
                CreatedTimeFrom = filter?.CreatedFrom?.UtcDateTime ?? default,
                CreatedTimeTo = filter?.CreatedTo?.UtcDateTime ?? default,
                RuntimeStatus = filter?.Statuses?.Select(s => (CoreStatus)s).ToList(),
                InstanceIdPrefix = filter?.InstanceIdPrefix,
                FetchInput = filter?.FetchInputsAndOutputs ?? false,
                FetchOutput = filter?.FetchInputsAndOutputs ?? false,
            };
            var page = await service.GetOrchestrationStateAsync(condition, pageSize ?? filter?.PageSize ?? 100, continuation ?? filter?.ContinuationToken, cancellation);
            return new Page<OrchestrationMetadata>(
                [.. page.OrchestrationState.Select(s => Metadata(s, filter?.FetchInputsAndOutputs ?? false))],
                string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken);
        });

    public override async Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        var state = await StateAsync(instanceId, false);
        if (state is null || Active.Contains(state.OrchestrationStatus)) return new PurgeResult(0);
        var result = await service.PurgeInstanceHistoryAsync(instanceId);
        return new PurgeResult(result.InstancesDeleted);
    }

    public override async Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var statuses = (filter.Statuses ?? [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated])
            .Select(s => (CoreStatus)s).Where(s => !Active.Contains(s)).ToList();
        var result = await service.PurgeInstanceHistoryAsync(filter.CreatedFrom?.UtcDateTime ?? DateTime.MinValue.AddYears(1), filter.CreatedTo?.UtcDateTime, statuses);
        return new PurgeResult(result.InstancesDeleted);
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<OrchestrationState?> StateAsync(string instanceId, bool fetchInput) =>
        (await service.GetOrchestrationStateAsync(instanceId, allExecutions: false, fetchInput: fetchInput)).FirstOrDefault();

    private OrchestrationMetadata Metadata(OrchestrationState state, bool inputsAndOutputs) => new(state.Name, state.OrchestrationInstance.InstanceId)
    {
        RuntimeStatus = (OrchestrationRuntimeStatus)state.OrchestrationStatus,
        CreatedAt = new DateTimeOffset(DateTime.SpecifyKind(state.CreatedTime, DateTimeKind.Utc)),
        LastUpdatedAt = new DateTimeOffset(DateTime.SpecifyKind(state.LastUpdatedTime, DateTimeKind.Utc)),
        SerializedInput = inputsAndOutputs ? state.Input : null,
        SerializedOutput = inputsAndOutputs ? state.Output : null,
        // The provider keeps "null" for an instance that never set a custom status.
        SerializedCustomStatus = state.Status is null or "null" ? null : state.Status,
        FailureDetails = Convert(state.FailureDetails) ?? FromOutput(state),
        DataConverter = converter,
    };

    /// <summary>A Failed instance whose row keeps only the error's text (the provider stores the details in history):
    /// its type and message read from that text.</summary>
    private static TaskFailureDetails? FromOutput(OrchestrationState state)
    {
        if (state.OrchestrationStatus != CoreStatus.Failed || string.IsNullOrEmpty(state.Output)) return null;
        var text = state.Output.Trim('"');
        var firstLine = text.Split('\n')[0].Trim();
        var colon = firstLine.IndexOf(": ", StringComparison.Ordinal);
        return colon > 0 && !firstLine[..colon].Contains(' ', StringComparison.Ordinal)
            ? new TaskFailureDetails(firstLine[..colon], firstLine[(colon + 2)..], text, null, null)
            : new TaskFailureDetails("Error", firstLine, text, null, null);
    }

    private static TaskFailureDetails? Convert(FailureDetails? details) =>
        details is null ? null : new TaskFailureDetails(details.ErrorType, details.ErrorMessage, details.StackTrace, Convert(details.InnerFailure), null);
}
