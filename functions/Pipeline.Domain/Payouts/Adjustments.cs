namespace Pipeline.Domain.Payouts;

/// <summary>Lines for corrections of earlier quarters and for finance decisions: the amount as decided (rate 1).</summary>
internal static class Adjustments
{
    public static void AddLines(PayoutInput input, List<PayoutLine> lines, List<string> explanation)
    {
        // One line per earlier quarter that changed (docs/program.md, "Prior-period adjustments"): several corrections of one quarter are summed.
        foreach (var byQuarter in input.PriorPeriodAdjustments.GroupBy(a => a.Quarter).OrderBy(g => g.Key))
        {
            var amount = byQuarter.Sum(a => a.Amount);
            var reasons = string.Join("; ", byQuarter.Select(a => a.Reason));
            Lines.Add(lines, RuleIds.PriorPeriodAdjustment, $"Adjustment for {byQuarter.Key}: {reasons}", amount, 1m);
            if (amount != 0m) explanation.Add($"{byQuarter.Key} changed after it was closed ({reasons}): {Lines.Amount(Money.Cents(amount))}.");
        }

        foreach (var decision in input.FinanceAdjustments)
        {
            var by = decision.DecidedBy.Length > 0 ? $" (decided by {decision.DecidedBy})" : "";
            Lines.Add(lines, RuleIds.FinanceAdjustment, $"Finance adjustment: {decision.Reason}{by}", decision.Amount, 1m);
            if (decision.Amount != 0m) explanation.Add($"Finance adjusted the payout by {Lines.Amount(Money.Cents(decision.Amount))}: {decision.Reason}{by}.");
        }
    }
}
