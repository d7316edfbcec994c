using Pipeline.Orchestration.History;
using Pipeline.Orchestration.Messaging;
using Pipeline.Orchestration.Runtime;
using Pipeline.Orchestration.Storage;

namespace Pipeline.Orchestration;

/// <summary>Starts, inspects, signals, stops and removes orchestration instances. Talks to storage only; any worker runs them.</summary>
public sealed class OrchestrationClient
{
    private readonly OrchestrationStorage _storage;
    private readonly TimeProvider _time;

    public OrchestrationClient(OrchestrationStorage storage, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _storage = storage;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Polling interval of <see cref="WaitForCompletionAsync"/>.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Starts <paramref name="name"/> as <paramref name="instanceId"/>. If the id exists (running or ended), returns the
    /// existing instance unless <see cref="ScheduleOptions.ReplaceExisting"/>.
    /// </summary>
    public async Task<ScheduleResult> ScheduleNewAsync(string name, string instanceId, object? input = null, ScheduleOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ValidateInstanceId(instanceId);
        options ??= new ScheduleOptions();
        // Through GetStatusAsync: an instance whose row write was lost still counts as existing (history is the truth).
        var existing = await GetStatusAsync(instanceId, cancellationToken);
        if (existing is not null && !options.ReplaceExisting) return new ScheduleResult(instanceId, existing.ExecutionId ?? string.Empty, false);

        var now = _time.GetUtcNow().UtcDateTime;
        var executionId = Guid.NewGuid().ToString("N");
        var payload = JsonPayload.Serialize(input);
        var row = new OrchestrationStatus
        {
            InstanceId = instanceId, Name = name, RuntimeStatus = OrchestrationRuntimeStatus.Pending, ExecutionId = executionId,
            Input = payload, CreatedAt = now, LastUpdatedAt = now,
        };
        var start = new OrchestrationMessage
        {
            Kind = MessageKind.ExecutionStarted, InstanceId = instanceId, ExecutionId = executionId, Name = name, Payload = payload,
            CreatedAt = now, Replace = existing is not null,
        };

        if (existing is not null)
        {
            // Record the replacing execution first: the engine only lets the start the Instances row names replace a history.
            await _storage.Instances.UpsertAsync(row, cancellationToken);
            await _storage.Queues.SendAsync(start, null, cancellationToken);
            return new ScheduleResult(instanceId, executionId, true);
        }

        // The message goes first: a crash before the row is written leaves a start that the episode turns into a row;
        // the reverse order could leave a Pending row with nothing to run it.
        await _storage.Queues.SendAsync(start, null, cancellationToken);
        if (await _storage.Instances.TryAddAsync(row, cancellationToken)) return new ScheduleResult(instanceId, executionId, true);

        // Lost a race with another start of the same id (or its first episode already wrote the row): our start
        // message carries a different execution id and is dropped as stale, unless it was first to arrive.
        var winner = await _storage.Instances.GetAsync(instanceId, cancellationToken);
        return new ScheduleResult(instanceId, winner?.ExecutionId ?? executionId, winner?.ExecutionId == executionId);
    }

    /// <summary>Sends an event to an instance (names are case-insensitive). Buffered by the instance until it waits for it.</summary>
    public async Task RaiseEventAsync(string instanceId, string eventName, object? payload = null, CancellationToken cancellationToken = default)
    {
        ValidateInstanceId(instanceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        _ = await GetStatusAsync(instanceId, cancellationToken)
            ?? throw new InvalidOperationException($"No orchestration instance '{instanceId}'.");
        await _storage.Queues.SendAsync(new OrchestrationMessage
        {
            Kind = MessageKind.EventRaised, InstanceId = instanceId, Name = eventName, Payload = JsonPayload.Serialize(payload),
        }, null, cancellationToken);
    }

    /// <summary>Stops a running instance at its next episode; it ends Terminated with <paramref name="reason"/> as output.</summary>
    public async Task TerminateAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default)
    {
        ValidateInstanceId(instanceId);
        _ = await GetStatusAsync(instanceId, cancellationToken)
            ?? throw new InvalidOperationException($"No orchestration instance '{instanceId}'.");
        await _storage.Queues.SendAsync(new OrchestrationMessage
        {
            Kind = MessageKind.ExecutionTerminated, InstanceId = instanceId, Payload = JsonPayload.Serialize(reason ?? "Terminated by the client."),
        }, null, cancellationToken);
    }

    /// <summary>
    /// The instance's status, or null if unknown. Read from the Instances row; if history is ahead of the row (a
    /// status write was lost), the status is rebuilt from history and the row repaired.
    /// </summary>
    public async Task<OrchestrationStatus?> GetStatusAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ValidateInstanceId(instanceId);
        var row = await _storage.Instances.GetAsync(instanceId, cancellationToken);
        if (row is not null && row.RuntimeStatus.IsTerminal()) return row;
        var history = await _storage.History.LoadAsync(instanceId, cancellationToken);
        if (history.Events.Count == 0) return row;
        var fromHistory = InstanceProjection.From(instanceId, history.Events, history.CustomStatus, row);
        if (row is not null && row.ExecutionId != fromHistory.ExecutionId && row.RuntimeStatus == OrchestrationRuntimeStatus.Pending) return row; // replace pending
        if (row is null || row.HistoryCount < fromHistory.HistoryCount || row.ExecutionId != fromHistory.ExecutionId)
        {
            try
            {
                await _storage.Instances.UpsertAsync(fromHistory, cancellationToken);
            }
            catch (Exception ex) when (ex is Azure.RequestFailedException or IOException)
            {
                // Repairing the row is a courtesy of the read: the answer comes from history either way.
            }

            return fromHistory;
        }

        return row;
    }

    /// <summary>Instances matching <paramref name="filter"/>, from the Instances table.</summary>
    public IAsyncEnumerable<OrchestrationStatus> QueryAsync(InstanceFilter? filter = null, CancellationToken cancellationToken = default) =>
        _storage.Instances.QueryAsync(filter?.Statuses, filter?.CreatedFrom, filter?.CreatedBefore, cancellationToken);

    /// <summary>Polls until the instance ends (Completed, Failed, Terminated) and returns its final status.</summary>
    public async Task<OrchestrationStatus> WaitForCompletionAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var status = await GetStatusAsync(instanceId, cancellationToken);
            if (status is not null && status.RuntimeStatus.IsTerminal()) return status;
            await Task.Delay(PollInterval, _time, cancellationToken);
        }
    }

    /// <summary>Deletes an instance's history, status row and large payloads. Returns false if it did not exist.</summary>
    public async Task<bool> PurgeAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ValidateInstanceId(instanceId);
        var row = await _storage.Instances.GetAsync(instanceId, cancellationToken);
        var history = await _storage.History.LoadAsync(instanceId, cancellationToken);
        if (row is null && history.ETag is null) return false;
        await _storage.History.DeleteAsync(instanceId, cancellationToken);
        await _storage.Payloads.DeleteInstanceAsync(instanceId, cancellationToken);
        if (row is not null) await _storage.Instances.DeleteAsync(instanceId, cancellationToken);
        return true;
    }

    /// <summary>Purges every instance matching the filter (e.g. Completed and created before a date). Returns how many.</summary>
    public async Task<int> PurgeAsync(InstanceFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var ids = new List<string>();
        await foreach (var s in QueryAsync(filter, cancellationToken)) ids.Add(s.InstanceId);
        var purged = 0;
        foreach (var id in ids)
        {
            if (await PurgeAsync(id, cancellationToken)) purged++;
        }

        return purged;
    }

    private static void ValidateInstanceId(string instanceId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        // Table keys forbid these characters; catching them here gives a clear error instead of a storage 400.
        if (instanceId.IndexOfAny(['/', '\\', '#', '?']) >= 0 || instanceId.Any(char.IsControl))
        {
            throw new ArgumentException($"Instance id '{instanceId}' contains a character table keys forbid (/ \\ # ? or control).", nameof(instanceId));
        }
    }
}
