using System.Globalization;

namespace Pipeline.Domain.Anomalies.Checks;

/// <summary>
/// revenue_spike (medium): R above <see cref="AnomalyThresholds.SpikeMultiple"/> × the median R of the partner's most
/// recent earlier closed quarters (up to <see cref="AnomalyThresholds.SpikeMaxEarlierQuarters"/>, and silent with fewer
/// than <see cref="AnomalyThresholds.SpikeMinEarlierQuarters"/>: one quarter is no baseline). The median rather than the
/// mean so one earlier spike does not hide the next. An even count takes the mean of the middle two.
/// Observed: R. Limit: multiple × median.
/// </summary>
internal static class RevenueSpike
{
    public static AnomalyFinding? Check(PartnerQuarter p, AnomalyThresholds thresholds)
    {
        var history = p.Facts.EarlierRevenue;
        if (history.Select(r => r.Quarter).Distinct().Count() != history.Count)
            throw new ArgumentException($"Partner {p.Partner.PartnerId} has more than one recorded R for the same quarter; a closed quarter has one.");

        var earlier = history
            .Where(r => r.Quarter < p.Quarter)
            .OrderByDescending(r => r.Quarter)
            .Take(thresholds.SpikeMaxEarlierQuarters)
            .ToList();
        if (earlier.Count < thresholds.SpikeMinEarlierQuarters) return null;

        var median = Median(earlier.Select(r => r.Revenue));
        var limit = thresholds.SpikeMultiple * median;
        var revenue = p.Facts.Revenue;
        if (revenue <= limit) return null;

        var summary = string.Create(CultureInfo.InvariantCulture,
            $"Qualifying revenue of {FindingText.Usd(revenue)} in {p.Quarter} is above {FindingText.Number(thresholds.SpikeMultiple)} × "
            + $"the median of the {earlier.Count} earlier closed quarters ({FindingText.Usd(median)}), i.e. above {FindingText.Usd(limit)}.");
        List<EvidenceFigure> figures =
        [
            new("median_revenue", median),
            new("multiple", thresholds.SpikeMultiple),
            new("earlier_quarters", earlier.Count),
            .. earlier.Select(r => new EvidenceFigure($"revenue_{r.Quarter}", r.Revenue)),
        ];
        return p.Finding(AnomalyChecks.RevenueSpike, AnomalySeverity.Medium, summary, observed: revenue, limit: limit, figures: figures);
    }

    internal static decimal Median(IEnumerable<decimal> values)
    {
        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2m;
    }
}
