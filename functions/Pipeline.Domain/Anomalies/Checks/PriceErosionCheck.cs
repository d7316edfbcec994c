using System.Globalization;
using Pipeline.Domain.Programs;

namespace Pipeline.Domain.Anomalies.Checks;

/// <summary>price_erosion: the least share of qualifying net in eroded deals that is flagged.</summary>
public sealed record PriceErosionThresholds(decimal MinShare = 0.25m) : CheckThresholds
{
    internal override void Rules(ThresholdRules rules) => rules.Share(MinShare, nameof(MinShare));
}

/// <summary>
/// price_erosion (medium): eroded deals make up at least <see cref="PriceErosionThresholds.MinShare"/> of the
/// partner's qualifying net. Eroded net = qualifying net − R, from the calculator's facts, so the finding quotes the
/// statement's figures. Compared as eroded ≥ share × qualifying net: exact in decimal, no division to round.
/// Observed: eroded share (4 dp). Limit: the minimum share.
/// </summary>
internal sealed class PriceErosionCheck : PartnerCheck<PriceErosionThresholds>
{
    public override string Code => "price_erosion";
    public override AnomalySeverity Severity => AnomalySeverity.Medium;
    public override string ProgramKey => "priceErosion";
    public override PriceErosionThresholds Reference { get; } = new();

    internal override PriceErosionThresholds Read(JsonObjectReader o) => new(o.Decimal("minShare"));

    internal override AnomalyFinding? Check(PartnerQuarter p, PriceErosionThresholds thresholds)
    {
        var qualifying = p.Facts.QualifyingNet;
        if (qualifying <= 0m) return null;
        var eroded = qualifying - p.Facts.Revenue;
        if (eroded < thresholds.MinShare * qualifying) return null;

        var share = FindingText.Share(eroded, qualifying);
        var deals = p.QualifyingDeals.Where(d => d.Eroded).Select(d => d.DealId).ToList();
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"Eroded deals (discount above the plan's limit) are {FindingText.Percent(share)} of qualifying net in {p.Quarter}: "
            + $"{FindingText.Usd(eroded)} of {FindingText.Usd(qualifying)}, at or above {FindingText.Percent(thresholds.MinShare)}.");
        return p.Finding(Code, Severity, summary,
            observed: share, limit: thresholds.MinShare,
            figures: [new("eroded_net", eroded), new("qualifying_net", qualifying)],
            dealIds: deals);
    }
}
