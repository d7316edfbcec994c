using System.Globalization;

namespace Pipeline.Domain.Anomalies.Checks;

/// <summary>
/// payout_jump (medium): total earned above <see cref="AnomalyThresholds.PayoutJumpMultiple"/> × last quarter's and at
/// least <see cref="AnomalyThresholds.PayoutJumpMinTotal"/>; the floor keeps small partners' swings (200 → 500) out of
/// finance's way. Silent when the previous quarter was never closed: there is nothing to jump from.
/// Observed: total earned. Limit: multiple × last quarter's total.
/// </summary>
internal static class PayoutJump
{
    public static AnomalyFinding? Check(PartnerQuarter p, AnomalyThresholds thresholds)
    {
        if (p.Facts.LastQuarterTotalEarned is not { } last) return null;
        var total = p.Facts.TotalEarned;
        var limit = thresholds.PayoutJumpMultiple * last;
        if (total <= limit || total < thresholds.PayoutJumpMinTotal) return null;

        var summary = string.Create(CultureInfo.InvariantCulture,
            $"Total earned of {FindingText.Usd(total)} in {p.Quarter} is more than {FindingText.Number(thresholds.PayoutJumpMultiple)} × "
            + $"last quarter's {FindingText.Usd(last)} and at least {FindingText.Usd(thresholds.PayoutJumpMinTotal)}.");
        return p.Finding(AnomalyChecks.PayoutJump, AnomalySeverity.Medium, summary, observed: total, limit: limit,
            figures: [new("last_quarter_total", last), new("multiple", thresholds.PayoutJumpMultiple), new("min_total", thresholds.PayoutJumpMinTotal)]);
    }
}
