using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Pipeline.Domain;
using Pipeline.Domain.Anomalies;
using Pipeline.Domain.Close;
using Pipeline.Domain.Statements;
using Pipeline.Statements;
using Pipeline.Azure;
using Pipeline.Close;
using Pipeline.Notifications;

namespace Pipeline.Functions.Close;

/// <summary>Decisions, notifications, statements, the lake and the ledger: the activities after the checks.</summary>
public sealed class CloseOutputActivities(
    StorageAccount storage, CloseBlobStore blobs, ClosedQuarterLedger ledger, DecisionStore decisions,
    CloseLakePublisher publisher, CloseInputs inputs, Notifier notifier, TimeProvider time, ILogger<CloseOutputActivities> logger)
{
    /// <summary>statement.published: the partner's statement for the quarter is there to read.</summary>
    private NotificationEvent StatementPublished(Quarter quarter, Domain.Payouts.PayoutResult result) => new(
        $"{NotificationTypes.StatementPublished}:{quarter}:{result.PartnerId}",
        NotificationTypes.StatementPublished, result.PartnerId, time.GetUtcNow(),
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Your {quarter} statement is published: total earned {result.TotalEarned:#,##0.00} USD, balance due {result.BalanceDue:#,##0.00} USD"),
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["quarter"] = quarter.ToString(),
            ["totalEarned"] = result.TotalEarned.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
            ["balanceDue"] = result.BalanceDue.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
            ["statementPdf"] = $"{Names.Statements}/{Domain.Statements.StatementPaths.StatementPdf(quarter, result.PartnerId)}",
            ["linesCsv"] = $"{Names.Statements}/{Domain.Statements.StatementPaths.LinesCsv(quarter, result.PartnerId)}",
        });

    /// <summary>Stores a decision with the time it is recorded (idempotent by its id).</summary>
    [Function(CloseActivities.RecordDecision)]
    public Task<CloseDecision> RecordDecisionAsync([ActivityTrigger] DecisionRequest request, CancellationToken cancellationToken) =>
        Telemetry.ClosePhaseAsync("decision", request.Quarter, () => RecordDecisionCoreAsync(request, cancellationToken));

    private async Task<CloseDecision> RecordDecisionCoreAsync(DecisionRequest request, CancellationToken cancellationToken)
    {
        var d = request.Decision with { At = time.GetUtcNow() };
        var stored = await decisions.RecordAsync(Quarter.Parse(request.Quarter), d, cancellationToken);
        CloseLogs.DecisionRecorded(logger, request.Quarter, stored.Id, stored.By, stored.Action, stored.Partner, stored.Reason);
        return stored;
    }

    /// <summary>The decisions recorded so far for the quarter's close (an earlier run's, when a failed close is started again).</summary>
    [Function(CloseActivities.Decisions)]
    public Task<List<CloseDecision>> DecisionsAsync([ActivityTrigger] string quarter, CancellationToken cancellationToken) =>
        Telemetry.ClosePhaseAsync("decisions", quarter, () => DecisionsCoreAsync(quarter, cancellationToken));

    private async Task<List<CloseDecision>> DecisionsCoreAsync(string quarter, CancellationToken cancellationToken) =>
        [.. await decisions.ReadAsync(Quarter.Parse(quarter), cancellationToken)];

    /// <summary>A reminder or escalation where finance tooling picks it up (<c>closes/{q}/notifications/{kind}.json</c>), and logged.</summary>
    [Function(CloseActivities.Notify)]
    public Task<bool> NotifyAsync([ActivityTrigger] NotificationRequest request, CancellationToken cancellationToken) =>
        Telemetry.ClosePhaseAsync("notify", request.Quarter, () => NotifyCoreAsync(request, cancellationToken));

    private async Task<bool> NotifyCoreAsync(NotificationRequest request, CancellationToken cancellationToken)
    {
        await blobs.WriteAsync(ClosePaths.Notification(Quarter.Parse(request.Quarter), request.Kind), request, cancellationToken);
        var type = request.Kind switch
        {
            "reminder" => NotificationTypes.HoldReminder,
            "escalation" => NotificationTypes.HoldEscalation,
            _ => NotificationTypes.CloseWaitingForFinance,
        };
        await notifier.PublishAsync(new NotificationEvent($"{type}:{request.Quarter}", type, NotificationTypes.Finance,
            new DateTimeOffset(DateTime.SpecifyKind(request.WaitingSince, DateTimeKind.Utc)),
            $"The close of {request.Quarter} waits for finance: {request.WaitingFor.Count} partner(s) held ({string.Join(", ", request.WaitingFor.Take(10))}{(request.WaitingFor.Count > 10 ? ", ..." : "")})",
            new Dictionary<string, string>(StringComparer.Ordinal) { ["quarter"] = request.Quarter, ["held"] = string.Join(",", request.WaitingFor), ["kind"] = request.Kind }), cancellationToken);
        CloseLogs.Notified(logger, request.Quarter, request.Kind, string.Join(", ", request.WaitingFor), request.WaitingSince);
        return true;
    }

    [Function(CloseActivities.Statements)]
    public Task<int> StatementsAsync([ActivityTrigger] BatchRequest request, CancellationToken cancellationToken) =>
        Telemetry.ClosePhaseAsync("statements", request.Quarter, () => StatementsCoreAsync(request, cancellationToken));

    private async Task<int> StatementsCoreAsync(BatchRequest request, CancellationToken cancellationToken)
    {
        var quarter = Quarter.Parse(request.Quarter);
        var batch = await blobs.ReadAsync<BatchResults>(ClosePaths.Batch(quarter, request.Index), cancellationToken)
            ?? throw new InvalidOperationException($"Close {quarter}: batch {request.Index} has no results.");
        // The batch's own findings: a partner's are the same, in the same order, as in anomalies.json (which sorts all
        // batches' together by severity, check, then partner), without every activity reading the whole quarter's.
        var byPartner = (await blobs.ReadAsync<List<AnomalyFinding>>(ClosePaths.BatchFindings(quarter, request.Index), cancellationToken)
                ?? throw new InvalidOperationException($"Close {quarter}: batch {request.Index} has no findings."))
            .ToLookup(f => f.PartnerId, StringComparer.Ordinal);
        var manifest = (await inputs.ManifestAsync(quarter, cancellationToken))!;
        var registry = manifest.Registry();
        // The terms of the previous closed quarter, to say on each statement what changed since.
        var previousQuarter = (await inputs.ClosedBeforeAsync(quarter, cancellationToken)).Cast<Quarter?>().LastOrDefault();
        var previous = previousQuarter is { } pq ? await inputs.ManifestAsync(pq, cancellationToken) : null;
        var container = storage.Container(Names.Statements);
        var files = 0;
        // The batch's ledger rows go in meanwhile (Azurite's table inserts are slow, rendering is CPU): they count only once
        // Close.Record writes the quarter's row, after every batch's statements, so a crash here leaves nothing half-paid.
        var recording = Parallel.ForEachAsync(batch.Partners, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (o, ct) => await ledger.RecordPartnerAsync(o.Record, ct));
        // Uploads overlap the rendering of the next partners (at most 16 in flight).
        var uploads = new List<Task>();
        foreach (var o in batch.Partners)
        {
            var id = o.Result.PartnerId;
            var findings = byPartner[id];
            var decided = PartnerCloseAssembler.EffectiveHoldDecision(request.Decisions, id) is not null;
            var input = new StatementInput
            {
                Result = o.Result,
                Partner = registry.Find(id)!,
                AnomaliesUnderReview = [.. findings.Where(f => !(f.HoldsPayout && decided)).Select(AnomalyUnderReview.From)],
                HeldDeals = [.. o.Result.HeldDealIds.Select(d => new HeldDeal(d, null,
                    $"held by the {findings.FirstOrDefault(f => f.HeldDealIds.Contains(d))?.Check ?? "anomaly"} check until finance releases it"))],
                PriorPeriodReasons = o.PriorPeriodReasons.ToDictionary(kv => Quarter.Parse(kv.Key), kv => kv.Value),
                Inquiries = [.. (manifest.Inquiries ?? []).Where(i => i.PartnerId == id).Select(i => i.Line())],
                TermsChanges = previous is null ? []
                    : TermsChanges.For(previousQuarter!.Value, previous.ProgramTerms(), previous.Registry().Find(id), manifest.ProgramTerms(), registry.Find(id)!),
            };
            foreach (var file in StatementDocuments.ForPartner(input))
            {
                if (uploads.Count >= 16)
                {
                    await Task.WhenAny(uploads);
                    foreach (var done in uploads.Where(t => t.IsCompleted).ToList())
                    {
                        await done;
                        uploads.Remove(done);
                    }
                }

                uploads.Add(container.GetBlobClient(file.BlobName).UploadAsync(BinaryData.FromBytes(file.Content), overwrite: true, cancellationToken));
                files++;
            }
        }

        await Task.WhenAll(uploads);
        await recording;
        await notifier.PublishAsync([.. batch.Partners.Select(o => StatementPublished(quarter, o.Result))], cancellationToken);

        CloseLogs.StatementsWritten(logger, request.Quarter, request.Index, files);
        return files;
    }

    /// <summary>The finance summary and the lake tables (rewritten with the same bytes if repeated).</summary>
    [Function(CloseActivities.Publish)]
    public Task<int> PublishAsync([ActivityTrigger] OutputRequest request, CancellationToken cancellationToken) =>
        Telemetry.ClosePhaseAsync("publish", request.Quarter, () => PublishCoreAsync(request, cancellationToken));

    private async Task<int> PublishCoreAsync(OutputRequest request, CancellationToken cancellationToken)
    {
        var quarter = Quarter.Parse(request.Quarter);
        // Only the results (their paid deals are for the ledger), batch by batch: the whole quarter's outcomes with every
        // paid deal would be gigabytes of objects at 10,000 partners.
        var results = new List<Domain.Payouts.PayoutResult>();
        for (var i = 0; i < request.Batches; i++)
            results.AddRange((await ReadBatchAsync(quarter, i, cancellationToken)).Partners.Select(o => o.Result with { PaidDeals = [] }));
        var findings = await blobs.ReadAsync<List<AnomalyFinding>>(ClosePaths.Anomalies(quarter), cancellationToken) ?? [];
        var previous = await ledger.QuarterTotalsAsync(quarter.Previous(), cancellationToken);
        var closing = results.Select(r => r.PartnerId).ToHashSet(StringComparer.Ordinal);
        previous = previous.Where(kv => closing.Contains(kv.Key)).ToDictionary(StringComparer.Ordinal);

        var undecided = findings.Where(f => f.HoldsPayout && PartnerCloseAssembler.EffectiveHoldDecision(request.Decisions, f.PartnerId) is null).ToList();
        var summary = StatementDocuments.ForQuarter(new FinanceSummaryInput
        {
            Quarter = quarter,
            Results = results,
            Holds = [.. undecided.Select(f => new PayoutHold(f.PartnerId, f.Check, f.Summary, 0m))],
            Decisions = [.. request.Decisions.Select(d => new FinanceDecision(d.Partner, d.Action == DecisionActions.ExcludeHeld ? "exclude" : d.Action, d.Reason, d.By, d.At, d.Amount))],
            PreviousTotals = previous,
            Inquiries = Domain.Inquiries.InquiryDigest.SummaryLines((await inputs.ManifestAsync(quarter, cancellationToken))?.Inquiries ?? []),
        });
        var container = storage.Container(Names.Statements);
        foreach (var file in summary)
            await container.GetBlobClient(file.BlobName).UploadAsync(BinaryData.FromBytes(file.Content), overwrite: true, cancellationToken);

        await publisher.PublishAsync(quarter, results, findings, request.Decisions, cancellationToken);
        return results.Count;
    }

    /// <summary>The ledger's quarter row, which means done: every partner's row went in with its batch's statements (rows
    /// are insert-once, so a repeat keeps the first), and history counts a partner's row only once its quarter's row exists.</summary>
    [Function(CloseActivities.Record)]
    public Task<CloseOutcome> RecordAsync([ActivityTrigger] OutputRequest request, CancellationToken cancellationToken) =>
        Telemetry.ClosePhaseAsync("ledger", request.Quarter, () => RecordCoreAsync(request, cancellationToken));

    private async Task<CloseOutcome> RecordCoreAsync(OutputRequest request, CancellationToken cancellationToken)
    {
        var quarter = Quarter.Parse(request.Quarter);
        var partners = 0;
        var total = 0m;
        var balance = 0m;
        for (var i = 0; i < request.Batches; i++)
        {
            var batch = await ReadBatchAsync(quarter, i, cancellationToken);
            partners += batch.Partners.Count;
            total += batch.Partners.Sum(o => o.Result.TotalEarned);
            balance += batch.Partners.Sum(o => o.Result.BalanceDue);
        }

        var manifest = await inputs.ManifestAsync(quarter, cancellationToken)
            ?? throw new InvalidOperationException($"Close {quarter} has no manifest.");
        await ledger.RecordQuarterAsync(new ClosedQuarterEntry(request.Quarter, partners, total, balance,
            CloseInputs.Sha256(CloseJson.Bytes(manifest)), manifest.ProgramId, manifest.ProgramVersion), cancellationToken);
        CloseLogs.Closed(logger, request.Quarter, partners, total);
        return new CloseOutcome(request.Quarter, false, partners, total, request.Decisions.Count);
    }

    private async Task<BatchResults> ReadBatchAsync(Quarter quarter, int index, CancellationToken cancellationToken) =>
        await blobs.ReadAsync<BatchResults>(ClosePaths.Batch(quarter, index), cancellationToken)
        ?? throw new InvalidOperationException($"Close {quarter}: batch {index} has no results.");
}
