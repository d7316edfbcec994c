using Pipeline.Domain.Anomalies.Checks;

namespace Pipeline.Domain.Anomalies;

/// <summary>
/// Runs every anomaly check of the program over one quarter. Pure: same inputs, same findings in the
/// same order, whatever order the inputs come in.
/// </summary>
public static class AnomalyDetector
{
    /// <summary>
    /// The findings of a close, sorted by severity (high first), check (the order of AnomalyChecks.All), partner, then first deal id.
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
        AnomalyThresholds thresholds) => Run(quarter, partners, deals, facts, thresholds, duplicates: null);

    /// <summary>
    /// The same checks over a batch of a close's partners: <paramref name="duplicates"/> (from
    /// <see cref="DuplicateDealIndex"/> over all of the close's partners) decides the duplicate_deal findings, since that
    /// check alone looks across partners. The findings of all batches, put through <see cref="Sort"/>, are those of one
    /// run over every partner.
    /// </summary>
    public static IReadOnlyList<AnomalyFinding> Run(
        Quarter quarter,
        IEnumerable<AnomalyPartner> partners,
        IEnumerable<AnomalyDeal> deals,
        IEnumerable<AnomalyPartnerFacts> facts,
        AnomalyThresholds thresholds,
        IReadOnlyDictionary<string, List<string>>? duplicates)
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

        var run = new AnomalyRun(quarters, duplicates);
        var findings = AnomalyChecks.All.SelectMany(check => check.Evaluate(run, thresholds));
        return Sort(findings);
    }

    /// <summary>The findings' order: severity (high first), check (the order of AnomalyChecks.All), partner, then first deal id.</summary>
    public static IReadOnlyList<AnomalyFinding> Sort(IEnumerable<AnomalyFinding> findings) =>
        [.. findings
            .OrderBy(f => f.Severity)
            .ThenBy(f => AnomalyChecks.Rank(f.Check))
            .ThenBy(f => f.PartnerId, StringComparer.Ordinal)
            .ThenBy(f => f.Evidence.DealIds is [var first, ..] ? first : "", StringComparer.Ordinal)];

    /// <summary>Only the high-severity duplicate_deal findings of the given partners (registry entries), from the
    /// reporters of every duplicated deal id: what a close holds before payouts, without the partners' deal rows.</summary>
    public static IReadOnlyList<AnomalyFinding> DuplicateFindings(
        Quarter quarter, IEnumerable<AnomalyPartner> partners, IReadOnlyDictionary<string, List<string>> duplicates, AnomalyThresholds thresholds)
    {
        thresholds.Validate();
        if (duplicates.Count == 0) return [];
        var byPartner = duplicates.SelectMany(kv => kv.Value.Select(p => (Partner: p, DealId: kv.Key)))
            .GroupBy(x => x.Partner, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.DealId).ToList(), StringComparer.Ordinal);
        var quarters = partners
            .Where(p => byPartner.ContainsKey(p.PartnerId))
            .OrderBy(p => p.PartnerId, StringComparer.Ordinal)
            .Select(p => new PartnerQuarter(p, AnomalyPartnerFacts.Empty(p.PartnerId), quarter,
                [.. byPartner[p.PartnerId].Order(StringComparer.Ordinal).Select(id => new AnomalyDeal(p.PartnerId, id, quarter.Start, 0m))]))
            .ToList();
        return Sort(AnomalyChecks.All.OfType<DuplicateDealCheck>().Single().Find(quarters, duplicates, thresholds.Of<DuplicateDealThresholds>()));
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
