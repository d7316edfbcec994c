using Pipeline.Domain.Payouts;

namespace Pipeline.Domain.Close;

/// <summary>
/// What the ledger keeps of one partner's closed quarter: the figures later closes read (history, clawback rates) and
/// what corrections are measured against.
/// </summary>
/// <param name="BaseTotal">Total earned without the prior-period-adjustment lines: the quarter's own payout.</param>
/// <param name="PriorAdjustments">Prior-period adjustments this close paid, per earlier quarter.</param>
/// <param name="HeldDealIds">Deals held out of the payout when it closed (corrections recompute with the same holds).</param>
/// <param name="FinanceAdjustments">Finance adjustments decided in this close.</param>
/// <param name="Inputs">The fingerprint of the rows the quarter was computed from (absent in rows recorded before it was kept).</param>
public sealed record ClosedPartnerQuarter(
    string PartnerId,
    Quarter Quarter,
    string Tier,
    decimal Revenue,
    decimal EffectiveRate,
    decimal TotalEarned,
    decimal BaseTotal,
    IReadOnlyList<PaidDeal> PaidDeals,
    IReadOnlyList<PriorPeriodAdjustment> PriorAdjustments,
    IReadOnlyList<string> HeldDealIds,
    IReadOnlyList<FinanceAdjustment> FinanceAdjustments,
    QuarterInputs? Inputs = null)
{
    public ClosedQuarter ToHistory() => new(Quarter, Tier, Revenue, EffectiveRate, TotalEarned);

    public static ClosedPartnerQuarter From(PayoutResult result, PayoutInput input, QuarterInputs? inputs = null)
    {
        var prior = result.Lines.Where(l => l.RuleId == RuleIds.PriorPeriodAdjustment).Sum(l => l.Amount);
        return new(result.PartnerId, result.Quarter, result.Tier, result.Revenue, result.EffectiveRate, result.TotalEarned,
            result.TotalEarned - prior, result.PaidDeals, input.PriorPeriodAdjustments, [.. input.HeldDealIds.Order(StringComparer.Ordinal)],
            input.FinanceAdjustments, inputs);
    }
}
