using System.Globalization;

namespace Pipeline.Domain.Anomalies.Checks;

/// <summary>
/// refund_rate (low): refunded deals are at least <see cref="AnomalyThresholds.RefundRateMinShare"/> of the partner's
/// deals closed in the quarter, counted only from <see cref="AnomalyThresholds.RefundRateMinDeals"/> deals up (3 refunds
/// out of 5 is noise). The cohort is the quarter's deals, whatever their refund date, so the rate describes how this
/// quarter's sales held up. Compared as refunded ≥ share × deals: exact.
/// Observed: refunded share (4 dp). Limit: the minimum share.
/// </summary>
internal static class RefundRate
{
    public static AnomalyFinding? Check(PartnerQuarter p, AnomalyThresholds thresholds)
    {
        var deals = p.Deals.Count;
        if (deals < thresholds.RefundRateMinDeals) return null;
        var refunded = p.Deals.Where(d => d.Status == AnomalyDealStatus.Refunded).Select(d => d.DealId).ToList();
        if (refunded.Count < thresholds.RefundRateMinShare * deals) return null;

        var share = FindingText.Share(refunded.Count, deals);
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"{refunded.Count} of {deals} deals closed in {p.Quarter} were refunded ({FindingText.Percent(share)}), "
            + $"at or above {FindingText.Percent(thresholds.RefundRateMinShare)}.");
        return p.Finding(AnomalyChecks.RefundRate, AnomalySeverity.Low, summary, observed: share, limit: thresholds.RefundRateMinShare,
            figures: [new("refunded_deals", refunded.Count), new("deals", deals)], dealIds: refunded);
    }
}
