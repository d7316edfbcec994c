using System.Globalization;
using Pipeline.Domain.Programs;

namespace Pipeline.Domain.Anomalies.Checks;

/// <summary>payout_jump: total earned above <see cref="Multiple"/> × last quarter's, from <see cref="MinTotal"/> USD up.</summary>
public sealed record PayoutJumpThresholds(decimal Multiple = 2m, decimal MinTotal = 10_000m) : CheckThresholds
{
    internal override void Rules(ThresholdRules rules)
    {
        rules.Require(Multiple > 1m, nameof(Multiple), "greater than 1");
        rules.Require(MinTotal >= 0m, nameof(MinTotal), "at least 0");
    }
}

/// <summary>
/// payout_jump (medium): total earned above <see cref="PayoutJumpThresholds.Multiple"/> × last quarter's and at
/// least <see cref="PayoutJumpThresholds.MinTotal"/>; the floor keeps small partners' swings (200 → 500) out of
/// finance's way. Silent when the previous quarter was never closed: there is nothing to jump from.
/// Observed: total earned. Limit: multiple × last quarter's total.
/// </summary>
internal sealed class PayoutJumpCheck : PartnerCheck<PayoutJumpThresholds>
{
    public override string Code => "payout_jump";
    public override AnomalySeverity Severity => AnomalySeverity.Medium;
    public override string ProgramKey => "payoutJump";
    public override PayoutJumpThresholds Reference { get; } = new();

    internal override PayoutJumpThresholds Read(JsonObjectReader o) => new(o.Decimal("multiple"), o.Decimal("minTotal"));

    internal override AnomalyFinding? Check(PartnerQuarter p, PayoutJumpThresholds thresholds)
    {
        if (p.Facts.LastQuarterTotalEarned is not { } last) return null;
        var total = p.Facts.TotalEarned;
        var limit = thresholds.Multiple * last;
        if (total <= limit || total < thresholds.MinTotal) return null;

        var summary = string.Create(CultureInfo.InvariantCulture,
            $"Total earned of {FindingText.Usd(total)} in {p.Quarter} is more than {FindingText.Number(thresholds.Multiple)} × "
            + $"last quarter's {FindingText.Usd(last)} and at least {FindingText.Usd(thresholds.MinTotal)}.");
        return p.Finding(Code, Severity, summary, observed: total, limit: limit,
            figures: [new("last_quarter_total", last), new("multiple", thresholds.Multiple), new("min_total", thresholds.MinTotal)]);
    }
}
