using System.Globalization;
using Pipeline.Domain.Close;
using Pipeline.Orchestration;

namespace Pipeline.Functions.Close;

/// <summary>
/// The quarterly close (instance <c>close-{quarter}</c>): freeze, compute (fan-out over batches), check, wait for
/// finance on held payouts (reminder after 3 days, escalation after 7), statements (fan-out), publish, record.
/// Deterministic: time, ids and waiting go through the context.
/// </summary>
public static class CloseOrchestrator
{
    public const string Name = "CloseQuarter";
    public const string DecisionEvent = "decision";
    private const int Wave = 8;

    public static string InstanceId(string quarter) => $"close-{quarter}";

    public static async Task<CloseOutcome> RunAsync(OrchestrationContext ctx)
    {
        var request = ctx.GetInput<CloseRequest>() ?? throw new InvalidOperationException("The close needs a quarter.");
        var q = request.Quarter;
        var log = ctx.CreateReplaySafeLogger("Pipeline.Functions.Close.CloseOrchestrator");
        CloseLogs.Started(log, q);
        ctx.SetCustomStatus("freezing inputs");
        var freeze = (await ctx.CallActivityAsync<FreezeResult>(CloseModule.Freeze, q))!;
        if (freeze.AlreadyClosed)
        {
            ctx.SetCustomStatus("closed (already)");
            return new CloseOutcome(q, true, 0, 0m, 0);
        }

        await ComputeAsync(ctx, freeze, Enumerable.Range(0, freeze.Batches.Count), [], freeze.Partners);
        var output = new OutputRequest(q, freeze.Batches.Count, []);
        ctx.SetCustomStatus("anomaly checks");
        var anomalies = (await ctx.CallActivityAsync<AnomalySummary>(CloseModule.Anomalies, output))!;

        var decisions = new List<CloseDecision>();
        if (anomalies.HeldPartners.Count > 0)
        {
            await WaitForDecisionsAsync(ctx, request, anomalies.HeldPartners, decisions, log);
            var touched = decisions.Select(d => d.Partner).ToHashSet(StringComparer.Ordinal);
            var batches = Enumerable.Range(0, freeze.Batches.Count)
                .Where(i => touched.Contains(DecisionActions.AllPartners) || freeze.Batches[i].Any(touched.Contains));
            await ComputeAsync(ctx, freeze, batches, decisions, freeze.Partners);
            output = output with { Decisions = decisions };
            await ctx.CallActivityAsync<AnomalySummary>(CloseModule.Anomalies, output);
        }

        ctx.SetCustomStatus(string.Create(CultureInfo.InvariantCulture, $"statements 0/{freeze.Partners:N0}"));
        var written = 0;
        for (var start = 0; start < freeze.Batches.Count; start += Wave)
        {
            var wave = Enumerable.Range(start, Math.Min(Wave, freeze.Batches.Count - start))
                .Select(i => ctx.CallActivityAsync<int>(CloseModule.Statements, new BatchRequest(q, i, freeze.Batches[i], decisions)))
                .ToList();
            await Task.WhenAll(wave);
            written += Enumerable.Range(start, wave.Count).Sum(i => freeze.Batches[i].Count);
            ctx.SetCustomStatus(string.Create(CultureInfo.InvariantCulture, $"statements {written:N0}/{freeze.Partners:N0}"));
        }

        ctx.SetCustomStatus("publishing");
        await ctx.CallActivityAsync<int>(CloseModule.Publish, output);
        ctx.SetCustomStatus("recording the ledger");
        var outcome = (await ctx.CallActivityAsync<CloseOutcome>(CloseModule.Record, output))!;
        ctx.SetCustomStatus("closed");
        return outcome;
    }

    private static async Task ComputeAsync(OrchestrationContext ctx, FreezeResult freeze, IEnumerable<int> batches, IReadOnlyList<CloseDecision> decisions, int partners)
    {
        var todo = batches.ToList();
        var done = 0;
        ctx.SetCustomStatus(string.Create(CultureInfo.InvariantCulture, $"payouts 0/{partners:N0}"));
        for (var start = 0; start < todo.Count; start += Wave)
        {
            var wave = todo.Skip(start).Take(Wave)
                .Select(i => ctx.CallActivityAsync<BatchSummary>(CloseModule.ComputeBatch, new BatchRequest(freeze.Quarter, i, freeze.Batches[i], decisions)))
                .ToList();
            var summaries = await Task.WhenAll(wave);
            done += summaries.Sum(s => s!.Partners);
            ctx.SetCustomStatus(string.Create(CultureInfo.InvariantCulture, $"payouts {done:N0}/{partners:N0}"));
        }
    }

    private static async Task WaitForDecisionsAsync(
        OrchestrationContext ctx, CloseRequest request, IReadOnlyList<string> held, List<CloseDecision> decisions, Microsoft.Extensions.Logging.ILogger log)
    {
        var q = request.Quarter;
        var waiting = new SortedSet<string>(held, StringComparer.Ordinal);
        var since = ctx.CurrentUtcDateTime;
        var deadlines = new Queue<(string Kind, DateTime At)>(
        [
            ("reminder", since + (request.ReminderAfter ?? CloseRequest.DefaultReminder)),
            ("escalation", since + (request.EscalationAfter ?? CloseRequest.DefaultEscalation)),
        ]);
        CloseLogs.Waiting(log, q, waiting.Count);
        while (waiting.Count > 0)
        {
            ctx.SetCustomStatus(string.Create(CultureInfo.InvariantCulture, $"waiting for finance: {waiting.Count} partner(s) held ({string.Join(", ", waiting)})"));
            CloseDecision? raised;
            if (deadlines.TryPeek(out var next))
            {
                try
                {
                    var left = next.At - ctx.CurrentUtcDateTime;
                    raised = await ctx.WaitForExternalEvent<CloseDecision>(DecisionEvent, left > TimeSpan.Zero ? left : TimeSpan.FromSeconds(1));
                }
                catch (TimeoutException)
                {
                    deadlines.Dequeue();
                    await ctx.CallActivityAsync<bool>(CloseModule.Notify, new NotificationRequest(q, next.Kind, [.. waiting], since));
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

            var stored = (await ctx.CallActivityAsync<CloseDecision>(CloseModule.RecordDecision,
                new DecisionRequest(q, raised with { Id = ctx.NewGuid().ToString("N") })))!;
            decisions.Add(stored);
            if (stored.Partner == DecisionActions.AllPartners) waiting.Clear();
            else waiting.Remove(stored.Partner);
        }
    }
}
