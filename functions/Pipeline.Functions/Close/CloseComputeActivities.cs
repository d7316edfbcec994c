using Microsoft.Extensions.Logging;
using Pipeline.Domain;
using Pipeline.Domain.Anomalies;
using Pipeline.Domain.Close;
using Pipeline.Domain.Programs;
using Pipeline.Storage.Close;
using Pipeline.Storage.Ingest;

namespace Pipeline.Functions.Close;

/// <summary>Freeze, compute and check: the activities before finance's decisions. Each is idempotent (write-once manifest,
/// deterministic blob contents).</summary>
public sealed class CloseComputeActivities(
    LakeStateReader lake, CloseBlobStore blobs, ClosedQuarterLedger ledger, ReferenceDataStore reference, CloseInputs inputs,
    ILogger<CloseComputeActivities> logger)
{
    public const int BatchSize = 100;
    private static IncentiveProgram Program => ProgramDefinitions.Reference;

    public async Task<FreezeResult> FreezeAsync(string quarterText, CancellationToken cancellationToken)
    {
        var quarter = Quarter.Parse(quarterText);
        if (await ledger.FindAsync(quarter, cancellationToken) is not null)
        {
            CloseLogs.AlreadyClosed(logger, quarterText);
            return new FreezeResult(quarterText, true, 0, [], []);
        }

        var data = await reference.LoadAsync(cancellationToken);
        var fresh = new CloseManifest(quarterText, Program.Id, Program.Version, CloseInputs.RegistryHash(data.Partners), await lake.CurrentFilesAsync(cancellationToken),
            [.. data.Partners.All.OrderBy(p => p.PartnerId, StringComparer.Ordinal)]);
        var manifest = await blobs.WriteOnceAsync(ClosePaths.Manifest(quarter), fresh, cancellationToken);

        var rows = await inputs.PartnerDataAsync(manifest, manifest.Partners, cancellationToken);
        var partners = rows.Values
            .Where(p => p.Partner.Status == Domain.Partners.PartnerStatus.Active || p.DealsIn(quarter).Any() || p.MetricsIn(quarter).Any())
            .Select(p => p.Partner.PartnerId).Order(StringComparer.Ordinal).ToList();

        // duplicate_deal and missing_data need only the rows, and they hold deals: run them before any payout.
        var findings = AnomalyDetector.Run(quarter,
            partners.Select(id => CloseAnomalyInputs.Partner(rows[id].Partner)),
            partners.SelectMany(id => rows[id].DealsIn(quarter)).Select(d => CloseAnomalyInputs.Deal(d)),
            partners.Select(id => AnomalyPartnerFacts.Empty(id) with { MetricRowCount = rows[id].MetricsIn(quarter).Count() }),
            CloseAnomalyInputs.Thresholds(Program.Anomalies));
        var high = findings.Where(f => f.HoldsPayout).ToList();
        await blobs.WriteAsync(ClosePaths.Holds(quarter), high, cancellationToken);

        var batches = partners.Chunk(BatchSize).Select(c => (IReadOnlyList<string>)c).ToList();
        CloseLogs.Frozen(logger, quarterText, manifest.Files.Count, partners.Count, batches.Count);
        return new FreezeResult(quarterText, false, partners.Count, batches, [.. high.Select(f => f.PartnerId).Distinct().Order(StringComparer.Ordinal)]);
    }

    public async Task<BatchSummary> ComputeBatchAsync(BatchRequest request, CancellationToken cancellationToken)
    {
        var quarter = Quarter.Parse(request.Quarter);
        var manifest = await blobs.ReadAsync<CloseManifest>(ClosePaths.Manifest(quarter), cancellationToken)
            ?? throw new InvalidOperationException($"Close {quarter} has no manifest: freeze first.");
        var holds = await blobs.ReadAsync<List<AnomalyFinding>>(ClosePaths.Holds(quarter), cancellationToken) ?? [];
        var registry = manifest.Registry();
        var closedBefore = await inputs.ClosedBeforeAsync(quarter, cancellationToken);
        var closedSet = closedBefore.Select(q => q.ToString()).ToHashSet(StringComparer.Ordinal);
        var earlierManifests = await inputs.ManifestsAsync(closedBefore, cancellationToken);
        var partners = request.PartnerIds.Select(id => registry.Find(id) ?? throw new InvalidOperationException($"Partner {id} left the registry during close {quarter}.")).ToList();
        var data = await inputs.PartnerDataAsync(manifest, partners, cancellationToken);

        var outcomes = new List<PartnerOutcome>();
        foreach (var id in request.PartnerIds)
        {
            var closed = await ledger.PartnerHistoryAsync(id, closedSet, cancellationToken);
            var close = PartnerCloseAssembler.Compute(Program, new PartnerCloseRequest
            {
                Data = data[id],
                Quarter = quarter,
                Closed = closed,
                HeldDealIds = [.. holds.Where(f => f.PartnerId == id).SelectMany(f => f.HeldDealIds).Distinct().Order(StringComparer.Ordinal)],
                Decisions = request.Decisions,
                ChangedQuarters = CloseInputs.ChangedQuarters(id, manifest, earlierManifests),
            });
            outcomes.Add(new PartnerOutcome(close.Result, close.ToRecord(),
                close.PriorPeriodReasons.ToDictionary(kv => kv.Key.ToString(), kv => kv.Value), data[id].MetricsIn(quarter).Count()));
        }

        await blobs.WriteAsync(ClosePaths.Batch(quarter, request.Index), new BatchResults(request.Quarter, request.Index, outcomes), cancellationToken);
        var total = outcomes.Sum(o => o.Result.TotalEarned);
        CloseLogs.BatchComputed(logger, request.Quarter, request.Index, outcomes.Count, total);
        return new BatchSummary(request.Index, outcomes.Count, total);
    }

    /// <summary>Every check over the computed quarter (the payout-dependent ones need R, totals and history).</summary>
    public async Task<AnomalySummary> AnomaliesAsync(OutputRequest request, CancellationToken cancellationToken)
    {
        var quarter = Quarter.Parse(request.Quarter);
        var outcomes = await ReadOutcomesAsync(blobs, quarter, request.Batches, cancellationToken);
        var manifest = (await blobs.ReadAsync<CloseManifest>(ClosePaths.Manifest(quarter), cancellationToken))!;
        var registry = manifest.Registry();
        var partners = outcomes.Select(o => registry.Find(o.Result.PartnerId)!).ToList();
        var data = await inputs.PartnerDataAsync(manifest, partners, cancellationToken);
        var closedSet = (await inputs.ClosedBeforeAsync(quarter, cancellationToken)).Select(q => q.ToString()).ToHashSet(StringComparer.Ordinal);

        var facts = new List<AnomalyPartnerFacts>();
        var deals = new List<AnomalyDeal>();
        foreach (var o in outcomes)
        {
            var closed = await ledger.PartnerHistoryAsync(o.Result.PartnerId, closedSet, cancellationToken);
            facts.Add(CloseAnomalyInputs.Facts(o.Result, o.MetricRows, closed));
            var eroded = o.Result.PaidDeals.Where(p => p.Eroded).Select(p => p.DealId).ToHashSet(StringComparer.Ordinal);
            deals.AddRange(data[o.Result.PartnerId].DealsIn(quarter).Select(d => CloseAnomalyInputs.Deal(d, eroded.Contains(d.DealId))));
        }

        var findings = AnomalyDetector.Run(quarter, partners.Select(CloseAnomalyInputs.Partner), deals, facts, CloseAnomalyInputs.Thresholds(Program.Anomalies));
        await blobs.WriteAsync(ClosePaths.Anomalies(quarter), findings, cancellationToken);
        var held = findings.Where(f => f.HoldsPayout).Select(f => f.PartnerId).Distinct().Order(StringComparer.Ordinal).ToList();
        CloseLogs.AnomaliesFound(logger, request.Quarter, findings.Count, held.Count);
        return new AnomalySummary(findings.Count, held);
    }

    public static async Task<List<PartnerOutcome>> ReadOutcomesAsync(CloseBlobStore blobs, Quarter quarter, int batches, CancellationToken cancellationToken)
    {
        var all = new List<PartnerOutcome>();
        for (var i = 0; i < batches; i++)
        {
            var batch = await blobs.ReadAsync<BatchResults>(ClosePaths.Batch(quarter, i), cancellationToken)
                ?? throw new InvalidOperationException($"Close {quarter}: batch {i} has no results.");
            all.AddRange(batch.Partners);
        }

        return all;
    }
}
