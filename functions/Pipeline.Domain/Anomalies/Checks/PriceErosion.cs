using System.Globalization;

namespace Pipeline.Domain.Anomalies.Checks;

/// <summary>
/// price_erosion (medium): eroded deals make up at least <see cref="AnomalyThresholds.PriceErosionMinShare"/> of the
/// partner's qualifying net. Eroded net = qualifying net − R, from the calculator's facts, so the finding quotes the
/// statement's figures. Compared as eroded ≥ share × qualifying net: exact in decimal, no division to round.
/// Observed: eroded share (4 dp). Limit: the minimum share.
/// </summary>
internal static class PriceErosion
{
    public static AnomalyFinding? Check(PartnerQuarter p, AnomalyThresholds thresholds)
    {
        var qualifying = p.Facts.QualifyingNet;
        if (qualifying <= 0m) return null;
        var eroded = qualifying - p.Facts.Revenue;
        if (eroded < thresholds.PriceErosionMinShare * qualifying) return null;

        var share = FindingText.Share(eroded, qualifying);
        var deals = p.QualifyingDeals.Where(d => d.Eroded).Select(d => d.DealId).ToList();
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"Eroded deals (discount above the plan's limit) are {FindingText.Percent(share)} of qualifying net in {p.Quarter}: "
            + $"{FindingText.Usd(eroded)} of {FindingText.Usd(qualifying)}, at or above {FindingText.Percent(thresholds.PriceErosionMinShare)}.");
        return p.Finding(AnomalyChecks.PriceErosion, AnomalySeverity.Medium, summary,
            observed: share, limit: thresholds.PriceErosionMinShare,
            figures: [new("eroded_net", eroded), new("qualifying_net", qualifying)],
            dealIds: deals);
    }
}
