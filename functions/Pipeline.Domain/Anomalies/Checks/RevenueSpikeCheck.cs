using System.Globalization;
using Pipeline.Domain.Programs;

namespace Pipeline.Domain.Anomalies.Checks;

/// <summary>revenue_spike: R above <see cref="Multiple"/> × the median R of up to <see cref="MaxEarlierQuarters"/>
/// earlier closed quarters, from <see cref="MinEarlierQuarters"/> of them up.</summary>
public sealed record RevenueSpikeThresholds(decimal Multiple = 3m, int MaxEarlierQuarters = 4, int MinEarlierQuarters = 2) : CheckThresholds
{
    internal override void Rules(ThresholdRules rules)
    {
        rules.Require(Multiple > 1m, nameof(Multiple), "greater than 1");
        rules.Require(MaxEarlierQuarters >= 1, nameof(MaxEarlierQuarters), "at least 1");
        rules.Require(MinEarlierQuarters >= 1, nameof(MinEarlierQuarters), "at least 1");
        rules.Require(MinEarlierQuarters <= MaxEarlierQuarters, nameof(MinEarlierQuarters),
            string.Create(CultureInfo.InvariantCulture, $"at most maxEarlierQuarters ({MaxEarlierQuarters})"));
    }
}

/// <summary>
/// revenue_spike (medium): R above <see cref="RevenueSpikeThresholds.Multiple"/> × the median R of the partner's most
/// recent earlier closed quarters (up to <see cref="RevenueSpikeThresholds.MaxEarlierQuarters"/>, and silent with fewer
/// than <see cref="RevenueSpikeThresholds.MinEarlierQuarters"/>: one quarter is no baseline). The median rather than the
/// mean so one earlier spike does not hide the next. An even count takes the mean of the middle two.
/// Observed: R. Limit: multiple × median.
/// </summary>
internal sealed class RevenueSpikeCheck : PartnerCheck<RevenueSpikeThresholds>
{
    public override string Code => "revenue_spike";
    public override AnomalySeverity Severity => AnomalySeverity.Medium;
    public override string ProgramKey => "revenueSpike";
    public override RevenueSpikeThresholds Reference { get; } = new();

    internal override RevenueSpikeThresholds Read(JsonObjectReader o) =>
        new(o.Decimal("multiple"), o.Int("maxEarlierQuarters"), o.Int("minEarlierQuarters"));

    internal override AnomalyFinding? Check(PartnerQuarter p, RevenueSpikeThresholds thresholds)
    {
        var history = p.Facts.EarlierRevenue;
        if (history.Select(r => r.Quarter).Distinct().Count() != history.Count)
            throw new ArgumentException($"Partner {p.Partner.PartnerId} has more than one recorded R for the same quarter; a closed quarter has one.");

        var earlier = history
            .Where(r => r.Quarter < p.Quarter)
            .OrderByDescending(r => r.Quarter)
            .Take(thresholds.MaxEarlierQuarters)
            .ToList();
        if (earlier.Count < thresholds.MinEarlierQuarters) return null;

        var median = Median(earlier.Select(r => r.Revenue));
        var limit = thresholds.Multiple * median;
        var revenue = p.Facts.Revenue;
        if (revenue <= limit) return null;

        var summary = string.Create(CultureInfo.InvariantCulture,
            $"Qualifying revenue of {FindingText.Usd(revenue)} in {p.Quarter} is above {FindingText.Number(thresholds.Multiple)} × "
            + $"the median of the {earlier.Count} earlier closed quarters ({FindingText.Usd(median)}), i.e. above {FindingText.Usd(limit)}.");
        List<EvidenceFigure> figures =
        [
            new("median_revenue", median),
            new("multiple", thresholds.Multiple),
            new("earlier_quarters", earlier.Count),
            .. earlier.Select(r => new EvidenceFigure($"revenue_{r.Quarter}", r.Revenue)),
        ];
        return p.Finding(Code, Severity, summary, observed: revenue, limit: limit, figures: figures);
    }

    internal static decimal Median(IEnumerable<decimal> values)
    {
        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2m;
    }
}
