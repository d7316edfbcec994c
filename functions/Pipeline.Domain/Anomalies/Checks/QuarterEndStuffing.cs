using System.Globalization;

namespace Pipeline.Domain.Anomalies.Checks;

/// <summary>
/// quarter_end_stuffing (medium): at least <see cref="AnomalyThresholds.StuffingMinShare"/> of R closed in the last
/// <see cref="AnomalyThresholds.StuffingLastDays"/> days of the quarter, the quarter's last day included (14 days of a
/// quarter ending 30 September start on 17 September). The late part counts qualifying, non-eroded deals, the same
/// deals R is made of; R itself comes from the facts.
/// Observed: late share of R (4 dp). Limit: the minimum share.
/// </summary>
internal static class QuarterEndStuffing
{
    public static AnomalyFinding? Check(PartnerQuarter p, AnomalyThresholds thresholds)
    {
        var revenue = p.Facts.Revenue;
        if (revenue <= 0m) return null;
        var windowStart = p.Quarter.End.AddDays(1 - thresholds.StuffingLastDays);
        var late = p.QualifyingDeals.Where(d => !d.Eroded && d.CloseDate >= windowStart).ToList();
        var lateNet = late.Sum(d => d.UsdNet);
        if (lateNet < thresholds.StuffingMinShare * revenue) return null;

        var share = FindingText.Share(lateNet, revenue);
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"{FindingText.Percent(share)} of qualifying revenue in {p.Quarter} ({FindingText.Usd(lateNet)} of {FindingText.Usd(revenue)}) "
            + $"closed in its last {thresholds.StuffingLastDays} days, from {windowStart:yyyy-MM-dd}; the limit is {FindingText.Percent(thresholds.StuffingMinShare)}.");
        return p.Finding(AnomalyChecks.QuarterEndStuffing, AnomalySeverity.Medium, summary,
            observed: share, limit: thresholds.StuffingMinShare,
            figures: [new("late_net", lateNet), new("revenue", revenue), new("last_days", thresholds.StuffingLastDays)],
            dealIds: late.Select(d => d.DealId).ToList());
    }
}
