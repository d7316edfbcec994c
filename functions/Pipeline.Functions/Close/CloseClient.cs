using Microsoft.Extensions.Logging;
using Pipeline.Domain;
using Pipeline.Domain.Close;
using Pipeline.Orchestration;

namespace Pipeline.Functions.Close;

/// <summary>Starting, watching and deciding a close: what the timer, the HTTP functions and the CLI share.</summary>
public sealed class CloseClient(OrchestrationClient client, ILogger<CloseClient> logger)
{
    /// <summary>Starts the close of <paramref name="quarter"/>; an existing instance is returned as is (a repeated start is a no-op).</summary>
    public async Task<ScheduleResult> StartAsync(Quarter quarter, CloseRequest? request = null, CancellationToken cancellationToken = default)
    {
        var q = quarter.ToString();
        var result = await client.ScheduleNewAsync(CloseOrchestrator.Name, CloseOrchestrator.InstanceId(q), request ?? new CloseRequest(q), cancellationToken: cancellationToken);
        CloseLogs.StartRequested(logger, q, result.InstanceId, result.Created);
        return result;
    }

    public Task<OrchestrationStatus?> StatusAsync(Quarter quarter, CancellationToken cancellationToken = default) =>
        client.GetStatusAsync(CloseOrchestrator.InstanceId(quarter.ToString()), cancellationToken);

    /// <summary>Raises a decision (validated first, so a typo fails here rather than being ignored by the close).</summary>
    public async Task DecideAsync(Quarter quarter, CloseDecision decision, CancellationToken cancellationToken = default)
    {
        decision.Validate();
        await client.RaiseEventAsync(CloseOrchestrator.InstanceId(quarter.ToString()), CloseOrchestrator.DecisionEvent, decision, cancellationToken);
    }

    /// <summary>Approve all: every held payout is paid as computed, without its held deals.</summary>
    public Task ApproveAsync(Quarter quarter, string by, string? reason = null, CancellationToken cancellationToken = default) =>
        DecideAsync(quarter, new CloseDecision(DecisionActions.AllPartners, DecisionActions.ExcludeHeld, null, reason ?? "approved as computed", by), cancellationToken);

    public Task<OrchestrationStatus> WaitAsync(Quarter quarter, CancellationToken cancellationToken = default) =>
        client.WaitForCompletionAsync(CloseOrchestrator.InstanceId(quarter.ToString()), cancellationToken);

    /// <summary>The status line a person reads: runtime status and what the close is doing.</summary>
    public static string Describe(OrchestrationStatus? status) =>
        status is null
            ? "not started"
            : $"{status.RuntimeStatus}: {status.ReadCustomStatus<string>() ?? ""}{(status.Failure is { } f ? $" (failed: {f.ErrorMessage})" : "")}";
}
