using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Domain;
using Pipeline.Domain.Close;
using Pipeline.Domain.Programs;
using Pipeline.Terms;
using Pipeline.Close;

namespace Pipeline.Functions.Close;

/// <summary>What a start of a close did.</summary>
public sealed record CloseStart(string InstanceId, bool Created, bool Resumed, OrchestrationRuntimeStatus? Existing);

/// <summary>A request about a close that its state does not allow (deciding a close that is not waiting, a partner
/// that is not held...). Nothing was sent; the message says why.</summary>
public sealed class CloseConflictException(string message) : Exception(message);

/// <summary>
/// Starting, watching and deciding a close over the Durable Task client: what the timer, the HTTP functions, the
/// web console and the CLI share. In Azure the client is the function's <c>[DurableClient]</c> binding; locally it
/// is the local host's client over the same task hub.
/// </summary>
public sealed class CloseClient(DurableTaskClient client, ProgramStore programs, ILogger? logger = null, TimeProvider? time = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public DurableTaskClient Durable => client;

    /// <summary>
    /// Starts the close of <paramref name="quarter"/> as instance <c>close-{quarter}</c>. A close that exists and has
    /// not failed is left as it is (a repeated start is a no-op, whoever sends it). A close that Failed or was
    /// Terminated is started again under the same id: the freeze's manifest is write-once, batches and statements are
    /// rewritten with the same bytes, ledger rows are insert-once and finance's recorded decisions are read back, so
    /// the new run skips nothing and repeats nothing that was paid. A quarter that has not ended, or whose cut-off (the
    /// program in force for it sets it) has not passed, is refused.
    /// </summary>
    public async Task<CloseStart> StartAsync(Quarter quarter, CloseRequest? request = null, CancellationToken cancellationToken = default)
    {
        // A quarter is closed once it has ended (UTC): statements for a quarter still running would pay on partial data.
        var today = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
        if (quarter.End >= today) throw new CloseConflictException($"The quarter {quarter} has not ended (it ends on {quarter.End:yyyy-MM-dd}); it can be closed from {quarter.End.AddDays(1):yyyy-MM-dd}.");
        // Drops still count for a few days after the quarter's end (the program's cut-off): closing before then would
        // hold partners for metrics that are on their way.
        var cutOff = (await programs.InForceAsync(quarter, cancellationToken)).CutOff(quarter);
        if (today < cutOff)
            throw new CloseConflictException($"The quarter {quarter} ended on {quarter.End:yyyy-MM-dd}; drops count for it until its cut-off on {cutOff.AddDays(-1):yyyy-MM-dd}: it can be closed from {cutOff:yyyy-MM-dd}.");
        var q = quarter.ToString();
        var id = CloseOrchestrator.InstanceId(q);
        var existing = await client.GetInstanceAsync(id, getInputsAndOutputs: false, cancellationToken);
        if (existing is not null && existing.RuntimeStatus is not (OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated))
        {
            CloseLogs.StartRequested(_logger, q, id, false);
            return new CloseStart(id, false, false, existing.RuntimeStatus);
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(CloseOrchestrator.Name, request ?? new CloseRequest(q), new StartOrchestrationOptions(id), cancellationToken);
        }
        catch (Exception e) when (e is InvalidOperationException or DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException)
        {
            // Another caller started it between our look and our start.
            CloseLogs.StartRequested(_logger, q, id, false);
            return new CloseStart(id, false, false, OrchestrationRuntimeStatus.Pending);
        }

        CloseLogs.StartRequested(_logger, q, id, true);
        return new CloseStart(id, true, existing is not null, existing?.RuntimeStatus);
    }

    public Task<OrchestrationMetadata?> StatusAsync(Quarter quarter, CancellationToken cancellationToken = default) =>
        client.GetInstanceAsync(CloseOrchestrator.InstanceId(quarter.ToString()), getInputsAndOutputs: true, cancellationToken);

    /// <summary>
    /// Sends finance's decision on a held payout. Checked first against the close's own state, so that a decision that
    /// could change nothing is refused with the reason instead of vanishing: the close must be waiting for finance,
    /// and the partner must be one it waits for (or <c>*</c> for all).
    /// </summary>
    public async Task DecideAsync(Quarter quarter, CloseDecision decision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decision);
        decision.Validate();
        var status = await StatusAsync(quarter, cancellationToken);
        if (status is null) throw new CloseConflictException($"The close of {quarter} has not started.");
        var waiting = Waiting(status);
        if (waiting is null)
            throw new CloseConflictException($"The close of {quarter} is not waiting for finance ({Describe(status)}).");
        var awaitingTotals = CustomStatus(status)!.Contains(CloseOrchestrator.TotalsMarker, StringComparison.Ordinal);
        if (decision.Action == DecisionActions.ApproveTotals || awaitingTotals)
        {
            if (decision.Action != DecisionActions.ApproveTotals)
                throw new CloseConflictException($"The close of {quarter} waits for the approval of its totals (approve-totals); no payout is held.");
            if (!awaitingTotals)
                throw new CloseConflictException($"The close of {quarter} is not waiting for the approval of its totals ({Describe(status)}).");
            await client.RaiseEventAsync(status.InstanceId, CloseOrchestrator.DecisionEvent, decision, cancellationToken);
            return;
        }

        // The limit itself matters only to the close; here the state says who entered which pending adjustment.
        var state = new FinanceDecisions(waiting, ApprovalRules.None, AwaitingConfirmation(status));
        if (state.Refusal(decision) is { } refusal)
            throw new CloseConflictException(refusal.StartsWith("not waiting", StringComparison.Ordinal)
                ? $"The close of {quarter} is {refusal}."
                : $"The close of {quarter} cannot take this decision: {refusal}.");
        await client.RaiseEventAsync(status.InstanceId, CloseOrchestrator.DecisionEvent, decision, cancellationToken);
    }

    /// <summary>Approve all: every held payout is paid as computed, without its held deals.</summary>
    public Task ApproveAsync(Quarter quarter, string by, string? reason = null, CancellationToken cancellationToken = default) =>
        DecideAsync(quarter, new CloseDecision(DecisionActions.AllPartners, DecisionActions.ExcludeHeld, null, reason ?? "approved as computed", by), cancellationToken);

    /// <summary>Approve the quarter's totals (programs whose approvals ask for it): the close then publishes.</summary>
    public Task ApproveTotalsAsync(Quarter quarter, string by, string? reason = null, CancellationToken cancellationToken = default) =>
        DecideAsync(quarter, new CloseDecision(DecisionActions.AllPartners, DecisionActions.ApproveTotals, null, reason ?? "totals approved", by), cancellationToken);

    public Task<OrchestrationMetadata> WaitAsync(Quarter quarter, CancellationToken cancellationToken = default) =>
        client.WaitForInstanceCompletionAsync(CloseOrchestrator.InstanceId(quarter.ToString()), getInputsAndOutputs: true, cancellationToken);

    /// <summary>The close's custom status: what it is doing (<c>payouts 300/500</c>, <c>waiting for finance: ...</c>).</summary>
    public static string? CustomStatus(OrchestrationMetadata? status) =>
        status?.SerializedCustomStatus is { Length: > 0 } ? status.ReadCustomStatusAs<string>() : null;

    /// <summary>The partners a running close waits on, as the orchestration reports them; null when it is not waiting.</summary>
    public static IReadOnlyList<string>? Waiting(OrchestrationMetadata? status)
    {
        var text = CustomStatus(status);
        if (status?.RuntimeStatus != OrchestrationRuntimeStatus.Running || text is null || !text.StartsWith(CloseOrchestrator.WaitingPrefix, StringComparison.Ordinal)) return null;
        const string marker = "held (";
        var open = text.IndexOf(marker, StringComparison.Ordinal);
        var close = open < 0 ? -1 : text.IndexOf(')', open);
        return open < 0 || close <= open ? [] : text[(open + marker.Length)..close].Split(", ", StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The adjustments a waiting close holds for a second approver: partner → who entered it.</summary>
    public static IReadOnlyDictionary<string, string> AwaitingConfirmation(OrchestrationMetadata? status)
    {
        var text = Waiting(status) is null ? null : CustomStatus(status);
        var at = text?.IndexOf(CloseOrchestrator.SecondApprovalMarker, StringComparison.Ordinal) ?? -1;
        if (at < 0) return new Dictionary<string, string>();
        return text![(at + CloseOrchestrator.SecondApprovalMarker.Length)..].Split(", ", StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e.Split(" by ", 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
    }

    /// <summary>The status line a person reads: runtime status and what the close is doing.</summary>
    public static string Describe(OrchestrationMetadata? status) =>
        status is null
            ? "not started"
            : $"{status.RuntimeStatus}: {CustomStatus(status) ?? ""}{(status.FailureDetails is { } f && !(CustomStatus(status)?.StartsWith(CloseOrchestrator.FailedPrefix, StringComparison.Ordinal) ?? false) ? $" (failed: {f.ErrorMessage})" : "")}";
}
