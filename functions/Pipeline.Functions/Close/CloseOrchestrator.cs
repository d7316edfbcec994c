using System.Globalization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Pipeline.Domain.Close;
using Pipeline.Domain.Programs;
using Pipeline.Close;

namespace Pipeline.Functions.Close;

/// <summary>
/// The quarterly close (instance <c>close-{quarter}</c>): freeze, compute (fan-out over batches), check, wait for
/// finance on held payouts (reminder after 3 days, escalation after 7), statements (fan-out), publish, record.
/// Deterministic: time, ids and waiting go through the context; every side effect is an activity.
/// A failed activity is retried with backoff; when its retries are spent the close ends Failed, its custom status
/// naming the step, the attempts and the error, and a new start resumes it (completed work is kept: see
/// <see cref="CloseClient.StartAsync"/>).
/// </summary>
public static class CloseOrchestrator
{
    public const string Name = "CloseQuarter";
    public const string DecisionEvent = "decision";
    public const string FailedPrefix = "failed";
    public const string WaitingPrefix = "waiting for finance";
    private const int Wave = 8;

    /// <summary>Every activity of the close: 3 attempts, 5 s then 10 s apart (a storage hiccup, a restarted host).</summary>
    public static readonly RetryPolicy Retry = new(maxNumberOfAttempts: 3, firstRetryInterval: TimeSpan.FromSeconds(5), backoffCoefficient: 2);

    private static readonly TaskOptions Retried = TaskOptions.FromRetryPolicy(Retry);

    public static string InstanceId(string quarter) => $"close-{quarter}";

    [Function(Name)]
    public static async Task<CloseOutcome> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context, CloseRequest request)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var log = context.CreateReplaySafeLogger(typeof(CloseOrchestrator).FullName!);
        var step = "freezing inputs";
        try
        {
            return await CloseAsync(context, request, log, s => step = s);
        }
        catch (TaskFailedException e)
        {
            // The instance ends Failed with the activity's error; the status says where and after how many tries.
            var status = string.Create(CultureInfo.InvariantCulture,
                $"{FailedPrefix} while {step}: {e.TaskName} failed after {Retry.MaxNumberOfAttempts} attempts: {e.FailureDetails.ErrorMessage}");
            context.SetCustomStatus(status);
            CloseLogs.Failed(log, request.Quarter, step, e.TaskName, e.FailureDetails.ErrorMessage);
            if (!context.IsReplaying) Telemetry.CloseFailed(request.Quarter, e.TaskName);
            throw;
        }
    }

    /// <summary>Every drop received before the close started counts (the close starts after the quarter's cut-off): the
    /// freeze waits until each has been ingested or rejected, up to <see cref="CloseRequest.DropWait"/>; one still
    /// running then counts as a correction in the next close.</summary>
    private static async Task WaitForDropsAsync(TaskOrchestrationContext ctx, CloseRequest request, ILogger log, Action<string> status)
    {
        status("checking for drops still being ingested");
        var started = ctx.CurrentUtcDateTime;
        var poll = request.DropPoll ?? CloseRequest.DefaultDropPoll;
        var giveUpAt = ctx.CurrentUtcDateTime + (request.DropWait ?? CloseRequest.DefaultDropWait);
        // Bounded (the default: 240 looks over two hours), so the history stays small.
        var looks = (int)Math.Min(1_000, Math.Ceiling((request.DropWait ?? CloseRequest.DefaultDropWait) / poll) + 1);
        for (var look = 1; look <= looks; look++)
        {
            var pending = await ctx.CallActivityAsync<PendingDrops>(CloseActivities.PendingDrops, new PendingDropsRequest(request.Quarter, started), Retried);
            if (pending.Count == 0) return;
            if (look == looks || ctx.CurrentUtcDateTime >= giveUpAt)
            {
                CloseLogs.DropsStillPending(log, request.Quarter, pending.Count, string.Join(", ", pending.First));
                return;
            }

            status(string.Create(CultureInfo.InvariantCulture,
                $"waiting for {pending.Count} drop(s) received before the close started to finish ingesting: {string.Join(", ", pending.First)}"));
            await ctx.CreateTimer(ctx.CurrentUtcDateTime + poll, CancellationToken.None);
        }
    }

    private static async Task<CloseOutcome> CloseAsync(TaskOrchestrationContext ctx, CloseRequest request, ILogger log, Action<string> stepIs)
    {
        var q = request.Quarter;
        void Status(string text)
        {
            stepIs(text);
            ctx.SetCustomStatus(text);
        }

        CloseLogs.Started(log, q);
        await WaitForDropsAsync(ctx, request, log, Status);
        Status("freezing inputs");
        var freeze = await ctx.CallActivityAsync<FreezeResult>(CloseActivities.Freeze, q, Retried);
        if (freeze.AlreadyClosed)
        {
            ctx.SetCustomStatus("closed (already)");
            return new CloseOutcome(q, true, 0, 0m, 0);
        }

        var totals = new SortedDictionary<int, BatchSummary>();
        await ComputeAsync(ctx, freeze, Enumerable.Range(0, freeze.Batches.Count), [], totals, Status);
        var output = new OutputRequest(q, freeze.Batches.Count, []);
        Status("anomaly checks");
        var anomalies = await ctx.CallActivityAsync<AnomalySummary>(CloseActivities.Anomalies, output, Retried);

        var decisions = new List<CloseDecision>();
        if (anomalies.HeldPartners.Count > 0)
        {
            await WaitForDecisionsAsync(ctx, request, freeze, anomalies.HeldPartners, decisions, log, Status);
            var touched = decisions.Select(d => d.Partner).ToHashSet(StringComparer.Ordinal);
            var batches = Enumerable.Range(0, freeze.Batches.Count)
                .Where(i => touched.Contains(DecisionActions.AllPartners) || freeze.Batches[i].Any(touched.Contains));
            await ComputeAsync(ctx, freeze, batches, decisions, totals, Status);
            output = output with { Decisions = decisions };
            Status("anomaly checks");
            await ctx.CallActivityAsync<AnomalySummary>(CloseActivities.Anomalies, output, Retried);
        }

        if (freeze.Approvals?.ApproveTotals == true)
            await WaitForTotalsApprovalAsync(ctx, q, totals.Values.Sum(t => t.Partners), totals.Values.Sum(t => t.TotalEarned), log, Status);

        Status(string.Create(CultureInfo.InvariantCulture, $"statements 0/{freeze.Partners:N0}"));
        var written = 0;
        for (var start = 0; start < freeze.Batches.Count; start += Wave)
        {
            var wave = Enumerable.Range(start, Math.Min(Wave, freeze.Batches.Count - start))
                .Select(i => ctx.CallActivityAsync<int>(CloseActivities.Statements, new BatchRequest(q, i, freeze.Batches[i], decisions), Retried))
                .ToList();
            await Task.WhenAll(wave);
            written += Enumerable.Range(start, wave.Count).Sum(i => freeze.Batches[i].Count);
            Status(string.Create(CultureInfo.InvariantCulture, $"statements {written:N0}/{freeze.Partners:N0}"));
        }

        Status("publishing");
        await ctx.CallActivityAsync<int>(CloseActivities.Publish, output, Retried);
        Status("recording the ledger");
        var outcome = await ctx.CallActivityAsync<CloseOutcome>(CloseActivities.Record, output, Retried);
        ctx.SetCustomStatus("closed");
        return outcome;
    }

    private static async Task ComputeAsync(
        TaskOrchestrationContext ctx, FreezeResult freeze, IEnumerable<int> batches, IReadOnlyList<CloseDecision> decisions, IDictionary<int, BatchSummary> totals, Action<string> status)
    {
        var todo = batches.ToList();
        var done = 0;
        status(string.Create(CultureInfo.InvariantCulture, $"payouts 0/{freeze.Partners:N0}"));
        for (var start = 0; start < todo.Count; start += Wave)
        {
            var wave = todo.Skip(start).Take(Wave)
                .Select(i => ctx.CallActivityAsync<BatchSummary>(CloseActivities.ComputeBatch, new BatchRequest(freeze.Quarter, i, freeze.Batches[i], decisions), Retried))
                .ToList();
            var summaries = await Task.WhenAll(wave);
            foreach (var s in summaries) totals[s.Index] = s;
            done += summaries.Sum(s => s.Partners);
            status(string.Create(CultureInfo.InvariantCulture, $"payouts {done:N0}/{freeze.Partners:N0}"));
        }
    }

    private static async Task WaitForDecisionsAsync(
        TaskOrchestrationContext ctx, CloseRequest request, FreezeResult freeze, IReadOnlyList<string> held, List<CloseDecision> decisions, ILogger log, Action<string> status)
    {
        var q = request.Quarter;
        var state = new FinanceDecisions(held, freeze.Approvals ?? ApprovalRules.None);
        // Decisions recorded by an earlier run of this close (one that failed later and was started again) still stand.
        foreach (var earlier in await ctx.CallActivityAsync<List<CloseDecision>>(CloseActivities.Decisions, q, Retried))
        {
            if (state.Refusal(earlier) is not null) continue;
            decisions.Add(earlier);
            state.Apply(earlier);
        }

        var since = ctx.CurrentUtcDateTime;
        var deadlines = new Queue<(string Kind, DateTime At)>(
        [
            ("reminder", since + (request.ReminderAfter ?? CloseRequest.DefaultReminder)),
            ("escalation", since + (request.EscalationAfter ?? CloseRequest.DefaultEscalation)),
        ]);
        if (state.Waiting.Count > 0)
        {
            CloseLogs.Waiting(log, q, state.Waiting.Count);
            await ctx.CallActivityAsync<bool>(CloseActivities.Notify, new NotificationRequest(q, "waiting", [.. state.Waiting], since), Retried);
        }
        while (state.Waiting.Count > 0)
        {
            status(WaitingStatus(state));
            CloseDecision raised;
            if (deadlines.TryPeek(out var next))
            {
                try
                {
                    var left = next.At - ctx.CurrentUtcDateTime;
                    raised = await ctx.WaitForExternalEvent<CloseDecision>(DecisionEvent, left > TimeSpan.Zero ? left : TimeSpan.FromSeconds(1));
                }
                catch (TaskCanceledException)
                {
                    deadlines.Dequeue();
                    await ctx.CallActivityAsync<bool>(CloseActivities.Notify, new NotificationRequest(q, next.Kind, [.. state.Waiting], since), Retried);
                    continue;
                }
            }
            else
            {
                raised = await ctx.WaitForExternalEvent<CloseDecision>(DecisionEvent);
            }

            if (raised is null) continue;
            try
            {
                raised.Validate();
            }
            catch (ArgumentException e)
            {
                CloseLogs.DecisionRejected(log, q, e.Message);
                continue;
            }

            // A second decision for a partner already decided (two clicks, two clerks), or a confirm by the one who
            // entered the adjustment, changes nothing.
            if (state.Refusal(raised) is { } refusal)
            {
                CloseLogs.DecisionRejected(log, q, refusal);
                continue;
            }

            var stored = await ctx.CallActivityAsync<CloseDecision>(CloseActivities.RecordDecision,
                new DecisionRequest(q, raised with { Id = ctx.NewGuid().ToString("N") }), Retried);
            decisions.Add(stored);
            state.Apply(stored);
        }
    }

    /// <summary>Programs that ask for it: nothing is published until finance approves the quarter's totals (an
    /// approval an earlier run of this close recorded still stands).</summary>
    private static async Task WaitForTotalsApprovalAsync(TaskOrchestrationContext ctx, string q, int partners, decimal total, ILogger log, Action<string> status)
    {
        var recorded = await ctx.CallActivityAsync<List<CloseDecision>>(CloseActivities.Decisions, q, Retried);
        if (recorded.Any(d => d.Action == DecisionActions.ApproveTotals)) return;
        status(string.Create(CultureInfo.InvariantCulture, $"{WaitingPrefix}: {TotalsMarker} ({partners:N0} partner(s), total earned {total:N2} USD)"));
        for (var received = 0; received < MaxTotalsEvents; received++)
        {
            var raised = await ctx.WaitForExternalEvent<CloseDecision>(DecisionEvent);
            if (raised is null) continue;
            try
            {
                raised.Validate();
            }
            catch (ArgumentException e)
            {
                CloseLogs.DecisionRejected(log, q, e.Message);
                continue;
            }

            if (raised.Action != DecisionActions.ApproveTotals)
            {
                CloseLogs.DecisionRejected(log, q, $"{raised.Action}: the close waits for the approval of its totals");
                continue;
            }

            await ctx.CallActivityAsync<CloseDecision>(CloseActivities.RecordDecision, new DecisionRequest(q, raised with { Id = ctx.NewGuid().ToString("N") }), Retried);
            return;
        }

        throw new InvalidOperationException($"Close {q}: {MaxTotalsEvents} decisions arrived and none approved the totals.");
    }

    public const string TotalsMarker = "totals approval";

    /// <summary>Events a close waiting for its totals' approval reads before it gives up (keeps the history bounded).</summary>
    private const int MaxTotalsEvents = 1_000;

    /// <summary>"waiting for finance: 2 partner(s) held (r-1, r-2); second approval: r-2 by ana".</summary>
    public static string WaitingStatus(FinanceDecisions state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var text = string.Create(CultureInfo.InvariantCulture, $"{WaitingPrefix}: {state.Waiting.Count} partner(s) held ({string.Join(", ", state.Waiting)})");
        return state.AwaitingConfirmation.Count == 0 ? text : $"{text}{SecondApprovalMarker}{state.Confirming()}";
    }

    public const string SecondApprovalMarker = "; second approval: ";
}
