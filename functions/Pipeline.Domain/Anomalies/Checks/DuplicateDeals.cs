using System.Globalization;

namespace Pipeline.Domain.Anomalies.Checks;

/// <summary>
/// duplicate_deal (high): the same deal id reported by at least <see cref="AnomalyThresholds.DuplicateDealMinPartners"/>
/// partners among deals closed in the quarter. Two partners claiming one sale is either a data error or double
/// commission, so every partner's copy is held and each partner's payout waits for finance.
/// One finding per partner, listing all its duplicated deals (evidence bounded, holds complete).
/// Observed: the most partners reporting any one of those deal ids. Limit: the minimum number of partners.
/// </summary>
internal static class DuplicateDeals
{
    public static IEnumerable<AnomalyFinding> Find(IReadOnlyList<PartnerQuarter> partners, AnomalyThresholds thresholds) =>
        Find(partners, Reporters(partners.Select(p => (p.Partner.PartnerId, p.Deals.Select(d => d.DealId))), thresholds), thresholds);

    /// <summary>The deal ids reported by at least the minimum number of partners, with their reporters (sorted).</summary>
    public static Dictionary<string, List<string>> Reporters(IEnumerable<(string PartnerId, IEnumerable<string> DealIds)> partners, AnomalyThresholds thresholds) =>
        partners
            .SelectMany(p => p.DealIds.Select(d => (DealId: d, p.PartnerId)))
            .Distinct()
            .GroupBy(x => x.DealId, StringComparer.Ordinal)
            .Where(g => g.Count() >= thresholds.DuplicateDealMinPartners)
            .ToDictionary(g => g.Key, g => g.Select(x => x.PartnerId).Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);

    /// <summary>The findings of <paramref name="partners"/> given the reporters of every duplicated deal id among all
    /// partners of the close (which may be more than these: the close checks its partners in batches).</summary>
    public static IEnumerable<AnomalyFinding> Find(IReadOnlyList<PartnerQuarter> partners, IReadOnlyDictionary<string, List<string>> reportersByDeal, AnomalyThresholds thresholds)
    {
        if (reportersByDeal.Count == 0) yield break;
        foreach (var p in partners)
        {
            var self = p.Partner.PartnerId;
            var duplicated = p.Deals.Select(d => d.DealId).Where(reportersByDeal.ContainsKey)
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (duplicated.Count == 0) continue;

            var others = duplicated.SelectMany(id => reportersByDeal[id]).Where(id => id != self)
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var mostReporters = duplicated.Max(id => reportersByDeal[id].Count);
            var summary = string.Create(CultureInfo.InvariantCulture,
                $"{(duplicated.Count == 1 ? $"Deal {duplicated[0]} was" : $"{duplicated.Count} deals ({FindingText.Ids(duplicated)}) were")} "
                + $"also reported by {FindingText.Ids(others)} in {p.Quarter}. "
                + $"The partner's copies are held and its payout waits for finance's decision.");
            yield return p.Finding(AnomalyChecks.DuplicateDeal, AnomalySeverity.High, summary,
                observed: mostReporters, limit: thresholds.DuplicateDealMinPartners,
                figures: [new("duplicated_deals", duplicated.Count), new("other_partners", others.Count)],
                dealIds: duplicated, heldDealIds: duplicated);
        }
    }
}
