using System.Globalization;
using Pipeline.Domain.Deals;
using Pipeline.Domain.Programs;

namespace Pipeline.Domain.Anomalies.Checks;

/// <summary>refund_rate: the least share of refunded deals that is flagged, counted from <see cref="MinDeals"/> deals up.</summary>
public sealed record RefundRateThresholds(decimal MinShare = 0.15m, int MinDeals = 20) : CheckThresholds
{
    internal override void Rules(ThresholdRules rules)
    {
        rules.Share(MinShare, nameof(MinShare));
        rules.Require(MinDeals >= 1, nameof(MinDeals), "at least 1");
    }
}

/// <summary>
/// refund_rate (low): refunded deals are at least <see cref="RefundRateThresholds.MinShare"/> of the partner's
/// deals closed in the quarter, counted only from <see cref="RefundRateThresholds.MinDeals"/> deals up (3 refunds
/// out of 5 is noise). The cohort is the quarter's deals, whatever their refund date, so the rate describes how this
/// quarter's sales held up. Compared as refunded ≥ share × deals: exact.
/// Observed: refunded share (4 dp). Limit: the minimum share.
/// </summary>
internal sealed class RefundRateCheck : PartnerCheck<RefundRateThresholds>
{
    public override string Code => "refund_rate";
    public override AnomalySeverity Severity => AnomalySeverity.Low;
    public override string ProgramKey => "refundRate";
    public override RefundRateThresholds Reference { get; } = new();

    internal override RefundRateThresholds Read(JsonObjectReader o) => new(o.Decimal("minShare"), o.Int("minDeals"));

    internal override AnomalyFinding? Check(PartnerQuarter p, RefundRateThresholds thresholds)
    {
        var deals = p.Deals.Count;
        if (deals < thresholds.MinDeals) return null;
        var refunded = p.Deals.Where(d => d.Status == DealStatus.Refunded).Select(d => d.DealId).ToList();
        if (refunded.Count < thresholds.MinShare * deals) return null;

        var share = FindingText.Share(refunded.Count, deals);
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"{refunded.Count} of {deals} deals closed in {p.Quarter} were refunded ({FindingText.Percent(share)}), "
            + $"at or above {FindingText.Percent(thresholds.MinShare)}.");
        return p.Finding(Code, Severity, summary, observed: share, limit: thresholds.MinShare,
            figures: [new("refunded_deals", refunded.Count), new("deals", deals)], dealIds: refunded);
    }
}
