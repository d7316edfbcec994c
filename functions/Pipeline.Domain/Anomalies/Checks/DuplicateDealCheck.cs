using System.Globalization;
using Pipeline.Domain.Programs;

namespace Pipeline.Domain.Anomalies.Checks;

/// <summary>duplicate_deal: the least number of partners reporting one deal id that makes it a duplicate.</summary>
public sealed record DuplicateDealThresholds(int MinPartners = 2) : CheckThresholds
{
    internal override void Rules(ThresholdRules rules) =>
        rules.Require(MinPartners >= 2, nameof(MinPartners), "at least 2: one partner alone is not a duplicate");
}

/// <summary>
/// duplicate_deal (high): the same deal id reported by at least <see cref="DuplicateDealThresholds.MinPartners"/>
/// partners among deals closed in the quarter. Two partners claiming one sale is either a data error or double
/// commission, so every partner's copy is held and each partner's payout waits for finance.
/// One finding per partner, listing all its duplicated deals (evidence bounded, holds complete). The only check that
/// looks across partners: a close in batches passes the reporters of the whole quarter (<see cref="DuplicateDealIndex"/>).
/// Observed: the most partners reporting any one of those deal ids. Limit: the minimum number of partners.
/// </summary>
internal sealed class DuplicateDealCheck : AnomalyCheck<DuplicateDealThresholds>
{
    public override string Code => "duplicate_deal";
    public override AnomalySeverity Severity => AnomalySeverity.High;
    public override string ProgramKey => "duplicateDeal";
    public override DuplicateDealThresholds Reference { get; } = new();

    internal override DuplicateDealThresholds Read(JsonObjectReader o) => new(o.Int("minPartners"));

    internal override IEnumerable<AnomalyFinding> Find(AnomalyRun run, DuplicateDealThresholds thresholds) =>
        Find(run.Partners, run.Duplicates ?? Reporters(run.Partners.Select(p => (p.Partner.PartnerId, p.Deals.Select(d => d.DealId))), thresholds), thresholds);

    /// <summary>The deal ids reported by at least the minimum number of partners, with their reporters (sorted).</summary>
    public static Dictionary<string, List<string>> Reporters(IEnumerable<(string PartnerId, IEnumerable<string> DealIds)> partners, DuplicateDealThresholds thresholds) =>
        partners
            .SelectMany(p => p.DealIds.Select(d => (DealId: d, p.PartnerId)))
            .Distinct()
            .GroupBy(x => x.DealId, StringComparer.Ordinal)
            .Where(g => g.Count() >= thresholds.MinPartners)
            .ToDictionary(g => g.Key, g => g.Select(x => x.PartnerId).Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);

    /// <summary>The findings of <paramref name="partners"/> given the reporters of every duplicated deal id among all
    /// partners of the close (which may be more than these: the close checks its partners in batches).</summary>
    public IEnumerable<AnomalyFinding> Find(IReadOnlyList<PartnerQuarter> partners, IReadOnlyDictionary<string, List<string>> reportersByDeal, DuplicateDealThresholds thresholds)
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
            yield return p.Finding(Code, Severity, summary,
                observed: mostReporters, limit: thresholds.MinPartners,
                figures: [new("duplicated_deals", duplicated.Count), new("other_partners", others.Count)],
                dealIds: duplicated, heldDealIds: duplicated);
        }
    }
}
