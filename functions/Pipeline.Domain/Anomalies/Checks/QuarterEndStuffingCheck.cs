using System.Globalization;
using Pipeline.Domain.Programs;

namespace Pipeline.Domain.Anomalies.Checks;

/// <summary>quarter_end_stuffing: the least share of R closed in the quarter's last <see cref="LastDays"/> days that is flagged.</summary>
public sealed record QuarterEndStuffingThresholds(decimal MinShare = 0.40m, int LastDays = 14) : CheckThresholds
{
    internal override void Rules(ThresholdRules rules)
    {
        rules.Share(MinShare, nameof(MinShare));
        rules.Require(LastDays is >= 1 and <= 92, nameof(LastDays), "between 1 and 92");
    }
}

/// <summary>
/// quarter_end_stuffing (medium): at least <see cref="QuarterEndStuffingThresholds.MinShare"/> of R closed in the last
/// <see cref="QuarterEndStuffingThresholds.LastDays"/> days of the quarter, the quarter's last day included (14 days of a
/// quarter ending 30 September start on 17 September). The late part counts qualifying, non-eroded deals, the same
/// deals R is made of; R itself comes from the facts.
/// Observed: late share of R (4 dp). Limit: the minimum share.
/// </summary>
internal sealed class QuarterEndStuffingCheck : PartnerCheck<QuarterEndStuffingThresholds>
{
    public override string Code => "quarter_end_stuffing";
    public override AnomalySeverity Severity => AnomalySeverity.Medium;
    public override string ProgramKey => "quarterEndStuffing";
    public override QuarterEndStuffingThresholds Reference { get; } = new();

    internal override QuarterEndStuffingThresholds Read(JsonObjectReader o) => new(o.Decimal("minShare"), o.Int("lastDays"));

    internal override AnomalyFinding? Check(PartnerQuarter p, QuarterEndStuffingThresholds thresholds)
    {
        var revenue = p.Facts.Revenue;
        if (revenue <= 0m) return null;
        var windowStart = p.Quarter.End.AddDays(1 - thresholds.LastDays);
        var late = p.QualifyingDeals.Where(d => !d.Eroded && d.CloseDate >= windowStart).ToList();
        var lateNet = late.Sum(d => d.UsdNet);
        if (lateNet < thresholds.MinShare * revenue) return null;

        var share = FindingText.Share(lateNet, revenue);
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"{FindingText.Percent(share)} of qualifying revenue in {p.Quarter} ({FindingText.Usd(lateNet)} of {FindingText.Usd(revenue)}) "
            + $"closed in its last {thresholds.LastDays} days, from {windowStart:yyyy-MM-dd}; the limit is {FindingText.Percent(thresholds.MinShare)}.");
        return p.Finding(Code, Severity, summary,
            observed: share, limit: thresholds.MinShare,
            figures: [new("late_net", lateNet), new("revenue", revenue), new("last_days", thresholds.LastDays)],
            dealIds: late.Select(d => d.DealId).ToList());
    }
}
