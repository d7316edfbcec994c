using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Pipeline.Domain;
using Pipeline.Domain.Anomalies;
using Pipeline.Domain.Close;
using Pipeline.Domain.Programs;
using Pipeline.Close;
using Pipeline.Ingest;
using Pipeline.Terms;
using Pipeline.Inquiries;
using Pipeline.Azure;

namespace Pipeline.Functions.Close;

/// <summary>Freeze, compute and check: the activities before finance's decisions. Each is idempotent (write-once manifest,
/// deterministic blob contents).</summary>
public sealed class CloseComputeActivities(
    LakeStateReader lake, CloseBlobStore blobs, ClosedQuarterLedger ledger, PartnerTermsStore terms, ProgramStore programs, DropAnnouncer drops, InquiryStore inquiries, CloseInputs inputs,
    ILogger<CloseComputeActivities> logger)
{
    public const int BatchSize = 100;

    /// <summary>Partners read at a time while freezing (their rows only: the freeze keeps deal ids, not rows).</summary>
    private const int ScanBatchSize = 500;

    private static readonly Dictionary<string, List<string>> NoDuplicates = new(StringComparer.Ordinal);

    /// <summary>The drops received before the close started that have not finished ingesting.</summary>
    [Function(CloseActivities.PendingDrops)]
    public async Task<PendingDrops> PendingDropsAsync([ActivityTrigger] PendingDropsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var pending = await drops.PendingAsync(new DateTimeOffset(DateTime.SpecifyKind(request.ReceivedBefore, DateTimeKind.Utc)), cancellationToken);
        return new PendingDrops(pending.Count, [.. pending.Order(StringComparer.Ordinal).Take(5)]);
    }

    [Function(CloseActivities.Freeze)]
    public Task<FreezeResult> FreezeAsync([ActivityTrigger] string quarterText, CancellationToken cancellationToken) =>
        Telemetry.ClosePhaseAsync("freeze", quarterText, () => FreezeCoreAsync(quarterText, cancellationToken));

    private async Task<FreezeResult> FreezeCoreAsync(string quarterText, CancellationToken cancellationToken)
    {
        var quarter = Quarter.Parse(quarterText);
        if (await ledger.FindAsync(quarter, cancellationToken) is not null)
        {
            CloseLogs.AlreadyClosed(logger, quarterText);
            return new FreezeResult(quarterText, true, 0, [], []);
        }

        var registry = await terms.RegistryForAsync(quarter, cancellationToken);
        var inForce = await programs.InForceAsync(quarter, cancellationToken);
        var fresh = new CloseManifest(quarterText, inForce.Id, inForce.Version, CloseInputs.RegistryHash(registry), await lake.CurrentFilesAsync(cancellationToken),
            [.. registry.All.OrderBy(p => p.PartnerId, StringComparer.Ordinal)], ProgramDefinitions.Save(inForce),
            // Inquiry corrections approved by now (a second approver's confirm above the limit); the batches leave out
            // those an earlier close paid.
            [.. (await inquiries.CorrectionsAsync(cancellationToken)).Where(c => !inForce.Approvals.NeedsSecondApprover(c.Amount) || c.ConfirmedBy is not null)],
            // The inquiries its statements report, as they stand at the freeze (a re-run writes the same bytes).
            [.. (await inquiries.AllAsync(cancellationToken)).Select(Domain.Inquiries.InquiryDigest.From).Where(i => i.ReportedIn(quarter))
                .OrderBy(i => i.PartnerId, StringComparer.Ordinal).ThenBy(i => i.Id, StringComparer.Ordinal)]);
        // A retried freeze finds the manifest written: the close goes on under the terms that one froze.
        var manifest = await blobs.WriteOnceAsync(ClosePaths.Manifest(quarter), fresh, cancellationToken);
        var program = manifest.ProgramTerms();

        // Partner by partner in batches, so memory holds one batch of rows (plus every deal id of the quarter, for the
        // duplicate check): the partners that take part, and the holds. duplicate_deal and missing_data need only the
        // rows, and they hold deals: they run before any payout.
        var thresholds = program.Anomalies;
        var index = new DuplicateDealIndex();
        var partners = new List<string>();
        var taking = new List<AnomalyPartner>();
        var high = new List<AnomalyFinding>();
        // Two batches at a time (one downloads while the other is parsed); the results do not depend on the order.
        var gate = new object();
        await Parallel.ForEachAsync(manifest.Partners.Chunk(ScanBatchSize), new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = cancellationToken }, async (chunk, ct) =>
        {
            // kept in memory for the payout batches that read the same files next (a cache: a restarted host downloads again)
            var rows = await inputs.PartnerDataAsync(manifest, chunk, keepFiles: true, ct);
            var selected = chunk
                .Where(p => p.Status == Domain.Partners.PartnerStatus.Active || rows[p.PartnerId].DealsIn(quarter).Any() || rows[p.PartnerId].MetricsIn(quarter).Any())
                .Select(p => p.PartnerId).ToList();
            lake.Release(chunk.Where(p => !selected.Contains(p.PartnerId)).SelectMany(p => manifest.FilesOfPartner(p.PartnerId)));
            var found = AnomalyDetector.Run(quarter,
                selected.Select(id => CloseAnomalyInputs.Partner(rows[id].Partner)),
                selected.SelectMany(id => rows[id].DealsIn(quarter)).Select(d => CloseAnomalyInputs.Deal(d)),
                selected.Select(id => AnomalyPartnerFacts.Empty(id) with { MetricRowCount = rows[id].MetricsIn(quarter).Count() }),
                thresholds, NoDuplicates).Where(f => f.HoldsPayout);
            lock (gate)
            {
                foreach (var id in selected) index.Add(id, rows[id].DealsIn(quarter).Select(d => d.DealId));
                partners.AddRange(selected);
                taking.AddRange(selected.Select(id => CloseAnomalyInputs.Partner(rows[id].Partner)));
                high.AddRange(found);
            }
        });

        partners.Sort(StringComparer.Ordinal);
        taking.Sort((a, b) => string.CompareOrdinal(a.PartnerId, b.PartnerId));
        var duplicates = index.Reporters(thresholds);
        await blobs.WriteAsync(ClosePaths.Duplicates(quarter), duplicates, cancellationToken);
        high = [.. AnomalyDetector.Sort(high.Concat(AnomalyDetector.DuplicateFindings(quarter, taking, duplicates, thresholds)))];
        await blobs.WriteAsync(ClosePaths.Holds(quarter), high, cancellationToken);

        var batches = partners.Chunk(BatchSize).Select(c => (IReadOnlyList<string>)c).ToList();
        CloseLogs.Frozen(logger, quarterText, manifest.Files.Count, partners.Count, batches.Count);
        return new FreezeResult(quarterText, false, partners.Count, batches, [.. high.Select(f => f.PartnerId).Distinct().Order(StringComparer.Ordinal)], program.Approvals);
    }

    [Function(CloseActivities.ComputeBatch)]
    public Task<BatchSummary> ComputeBatchAsync([ActivityTrigger] BatchRequest request, CancellationToken cancellationToken) =>
        Telemetry.ClosePhaseAsync("payouts", request.Quarter, () => ComputeBatchCoreAsync(request, cancellationToken));

    private async Task<BatchSummary> ComputeBatchCoreAsync(BatchRequest request, CancellationToken cancellationToken)
    {
        var quarter = Quarter.Parse(request.Quarter);
        var manifest = await inputs.ManifestAsync(quarter, cancellationToken)
            ?? throw new InvalidOperationException($"Close {quarter} has no manifest: freeze first.");
        var holds = await blobs.ReadAsync<List<AnomalyFinding>>(ClosePaths.Holds(quarter), cancellationToken) ?? [];
        var registry = manifest.Registry();
        var program = manifest.ProgramTerms();
        var closedBefore = await inputs.ClosedBeforeAsync(quarter, cancellationToken);
        var closedSet = closedBefore.Select(q => q.ToString()).ToHashSet(StringComparer.Ordinal);
        var earlierManifests = await inputs.ManifestsAsync(closedBefore, cancellationToken);
        var partners = request.PartnerIds.Select(id => registry.Find(id) ?? throw new InvalidOperationException($"Partner {id} left the registry during close {quarter}.")).ToList();
        var data = await inputs.PartnerDataAsync(manifest, partners, cancellationToken);
        var histories = await ledger.PartnerHistoriesAsync(request.PartnerIds, closedSet, cancellationToken);
        var duplicates = await inputs.DuplicatesAsync(quarter, cancellationToken);

        var outcomes = new List<PartnerOutcome>();
        var facts = new List<AnomalyPartnerFacts>();
        var anomalyDeals = new List<AnomalyDeal>();
        foreach (var id in request.PartnerIds)
        {
            var closed = histories[id];
            var close = PartnerCloseAssembler.Compute(program, new PartnerCloseRequest
            {
                Data = data[id],
                Quarter = quarter,
                Closed = closed,
                HeldDealIds = [.. holds.Where(f => f.PartnerId == id).SelectMany(f => f.HeldDealIds).Distinct().Order(StringComparer.Ordinal)],
                Decisions = request.Decisions,
                ChangedQuarters = CloseInputs.ChangedQuarters(id, manifest, earlierManifests),
                ClosedTerms = CloseInputs.ClosedTerms(id, earlierManifests),
                Corrections = [.. (manifest.Corrections ?? []).Where(c => c.PartnerId == id)],
            });
            var outcome = new PartnerOutcome(close.Result, close.ToRecord(),
                close.PriorPeriodReasons.ToDictionary(kv => kv.Key.ToString(), kv => kv.Value), data[id].MetricsIn(quarter).Count());
            // The record keeps the paid deals (the ledger's, for clawbacks); the result's copy is not read again.
            outcomes.Add(outcome with { Result = outcome.Result with { PaidDeals = [] } });

            // The checks' inputs for this partner (the payout-dependent checks need R, totals and history).
            facts.Add(CloseAnomalyInputs.Facts(outcome.Result, outcome.MetricRows, closed));
            var eroded = outcome.Result.PaidDeals.Where(p => p.Eroded).Select(p => p.DealId).ToHashSet(StringComparer.Ordinal);
            anomalyDeals.AddRange(data[id].DealsIn(quarter).Select(d => CloseAnomalyInputs.Deal(d, eroded.Contains(d.DealId))));
        }

        // Every check is per partner except duplicate_deal, which reads the freeze's index of the whole quarter: the
        // batches' findings together are those of one run over all partners (Close.Anomalies merges them).
        var findings = AnomalyDetector.Run(quarter, partners.Select(CloseAnomalyInputs.Partner), anomalyDeals, facts, program.Anomalies, duplicates);
        await blobs.WriteAsync(ClosePaths.BatchFindings(quarter, request.Index), findings, cancellationToken);
        await blobs.WriteCompactAsync(ClosePaths.Batch(quarter, request.Index), new BatchResults(request.Quarter, request.Index, outcomes), cancellationToken);
        var total = outcomes.Sum(o => o.Result.TotalEarned);
        CloseLogs.BatchComputed(logger, request.Quarter, request.Index, outcomes.Count, total);
        return new BatchSummary(request.Index, outcomes.Count, total);
    }

    /// <summary>Every check over the computed quarter: the batches' findings (computed with their payouts), in the detector's order.</summary>
    [Function(CloseActivities.Anomalies)]
    public Task<AnomalySummary> AnomaliesAsync([ActivityTrigger] OutputRequest request, CancellationToken cancellationToken) =>
        Telemetry.ClosePhaseAsync("checks", request.Quarter, () => AnomaliesCoreAsync(request, cancellationToken));

    private async Task<AnomalySummary> AnomaliesCoreAsync(OutputRequest request, CancellationToken cancellationToken)
    {
        var quarter = Quarter.Parse(request.Quarter);
        var all = new List<AnomalyFinding>();
        for (var i = 0; i < request.Batches; i++)
        {
            all.AddRange(await blobs.ReadAsync<List<AnomalyFinding>>(ClosePaths.BatchFindings(quarter, i), cancellationToken)
                ?? throw new InvalidOperationException($"Close {quarter}: batch {i} has no findings."));
        }

        var findings = AnomalyDetector.Sort(all);
        await blobs.WriteAsync(ClosePaths.Anomalies(quarter), findings, cancellationToken);
        var held = findings.Where(f => f.HoldsPayout).Select(f => f.PartnerId).Distinct().Order(StringComparer.Ordinal).ToList();
        CloseLogs.AnomaliesFound(logger, request.Quarter, findings.Count, held.Count);
        if (request.Decisions.Count == 0) Telemetry.PartnersHeld(request.Quarter, held.Count);
        return new AnomalySummary(findings.Count, held);
    }
}
