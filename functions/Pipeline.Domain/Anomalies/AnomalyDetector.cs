using Pipeline.Domain.Anomalies.Checks;

namespace Pipeline.Domain.Anomalies;

/// <summary>
/// Runs every anomaly check of REFERENCE-PROGRAM section 5 over one quarter. Pure: same inputs, same findings in the
/// same order, whatever order the inputs come in.
/// </summary>
public static class AnomalyDetector
{
    /// <summary>
    /// The findings of a close, sorted by severity (high first), check (the spec's order), partner, then first deal id.
    /// </summary>
    /// <param name="partners">The registry. Only these partners are checked or flagged; deals and facts of anyone else
    /// are ignored (ingestion rejects drops from unknown partners, so that only happens when a caller passes a subset).</param>
    /// <param name="deals">Deal rows; those closing outside the quarter are ignored.</param>
    /// <param name="facts">Per-partner figures from the calculator and earlier closes; a partner without any is treated
    /// as having none (<see cref="AnomalyPartnerFacts.Empty"/>).</param>
    public static IReadOnlyList<AnomalyFinding> Run(
        Quarter quarter,
        IEnumerable<AnomalyPartner> partners,
        IEnumerable<AnomalyDeal> deals,
        IEnumerable<AnomalyPartnerFacts> facts,
        AnomalyThresholds thresholds)
    {
        thresholds.Validate();
        var registry = UniqueBy(partners, p => p.PartnerId, "partner");
        var factsById = UniqueBy(facts.Where(f => registry.ContainsKey(f.PartnerId)), f => f.PartnerId, "facts row for partner");
        var dealsById = deals
            .Where(d => registry.ContainsKey(d.PartnerId) && quarter.Contains(d.CloseDate))
            .GroupBy(d => d.PartnerId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<AnomalyDeal>)[.. g.OrderBy(d => d.DealId, StringComparer.Ordinal)], StringComparer.Ordinal);

        var quarters = registry.Values
            .OrderBy(p => p.PartnerId, StringComparer.Ordinal)
            .Select(p => new PartnerQuarter(
                p,
                factsById.GetValueOrDefault(p.PartnerId) ?? AnomalyPartnerFacts.Empty(p.PartnerId),
                quarter,
                dealsById.GetValueOrDefault(p.PartnerId) ?? []))
            .ToList();

        var findings = new List<AnomalyFinding>(DuplicateDeals.Find(quarters, thresholds));
        foreach (var p in quarters)
        {
            AnomalyFinding?[] perPartner =
            [
                MissingData.Check(p),
                PriceErosion.Check(p, thresholds),
                QuarterEndStuffing.Check(p, thresholds),
                RevenueSpike.Check(p, thresholds),
                PayoutJump.Check(p, thresholds),
                RefundRate.Check(p, thresholds),
                Benford.Check(p, thresholds),
            ];
            findings.AddRange(perPartner.OfType<AnomalyFinding>());
        }

        return [.. findings
            .OrderBy(f => f.Severity)
            .ThenBy(f => AnomalyChecks.Rank(f.Check))
            .ThenBy(f => f.PartnerId, StringComparer.Ordinal)
            .ThenBy(f => f.Evidence.DealIds is [var first, ..] ? first : "", StringComparer.Ordinal)];
    }

    /// <summary>Which partners' payouts and which deals the findings hold (any high-severity finding holds).</summary>
    public static AnomalyHolds Holds(IEnumerable<AnomalyFinding> findings) => AnomalyHolds.From(findings);

    private static Dictionary<string, T> UniqueBy<T>(IEnumerable<T> items, Func<T, string> key, string what)
    {
        var byKey = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (!byKey.TryAdd(key(item), item))
                throw new ArgumentException($"More than one {what} '{key(item)}': the checks need one per partner.");
        }

        return byKey;
    }
}
