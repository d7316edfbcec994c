using Pipeline.Domain.Partners;
using Pipeline.Domain.Payouts;

namespace Pipeline.Domain.Statements;

/// <summary>Turns a payout result and what surrounds it into a statement. Pure: no clock, no I/O.</summary>
public static class StatementBuilder
{
    public static Statement Build(StatementInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var result = input.Result;
        EnsureAddsUp(result);

        var lines = result.Lines.Select(l => ToStatementLine(l, input.PriorPeriodReasons)).ToList();
        var earnings = lines.Where(l => !RuleLabels.IsAdjustment(l.RuleId)).ToList();
        var adjustments = lines.Where(l => RuleLabels.IsAdjustment(l.RuleId)).ToList();
        var totals = new StatementTotals(
            earnings.Sum(l => l.Amount),
            adjustments.Sum(l => l.Amount),
            result.TotalEarned,
            result.Advance,
            result.BalanceDue);

        return new Statement
        {
            Header = new StatementHeader(
                result.PartnerId,
                result.PartnerName,
                result.PartnerType,
                result.PlanId,
                RuleLabels.Humanize(result.PlanId),
                result.ProgramVersion,
                result.Quarter,
                result.Quarter.Start,
                result.Quarter.End),
            Scorecard = ScorecardFor(result, input.Partner),
            Tier = TierLabels.For(result.Tier, result.Streak),
            Earnings = earnings,
            Adjustments = adjustments,
            Lines = lines,
            Totals = totals,
            Notices = [.. result.Notices, .. input.Notices],
            TermsChanges = input.TermsChanges,
            Inquiries = input.Inquiries,
            AnomaliesUnderReview = input.AnomaliesUnderReview,
            HeldDeals = HeldDealsOf(input),
            Explanation = result.Explanation.Count > 0 ? result.Explanation : StatementExplanation.From(result, totals),
        };
    }

    /// <summary>
    /// A statement is checked with a calculator, so one whose lines do not add up to its total (or whose
    /// balance is not total − advance) must never reach a partner: refuse it here, before rendering.
    /// </summary>
    private static void EnsureAddsUp(PayoutResult result)
    {
        var sum = result.Lines.Sum(l => l.Amount);
        if (sum != result.TotalEarned)
            throw new ArgumentException(
                $"Payout of {result.PartnerId} for {result.Quarter}: lines sum to {sum} but the total earned is {result.TotalEarned}.",
                nameof(result));
        if (result.TotalEarned - result.Advance != result.BalanceDue)
            throw new ArgumentException(
                $"Payout of {result.PartnerId} for {result.Quarter}: total {result.TotalEarned} − advance {result.Advance} is not the balance due {result.BalanceDue}.",
                nameof(result));
    }

    private static StatementLine ToStatementLine(PayoutLine line, IReadOnlyDictionary<Quarter, string> priorReasons) =>
        new(line.RuleId,
            RuleLabels.For(line.RuleId),
            line.Description,
            line.Basis,
            line.Rate,
            line.Amount,
            line.Formula,
            line.RuleId == RuleIds.PriorPeriodAdjustment ? PriorReasonFor(line, priorReasons) : null);

    // The calculator names the changed quarter in the line's description or formula (e.g. "2026Q2 recalculated");
    // the reason finance recorded for it is matched on that name.
    private static string? PriorReasonFor(PayoutLine line, IReadOnlyDictionary<Quarter, string> reasons) =>
        reasons.Where(r => line.Description.Contains(r.Key.ToString(), StringComparison.OrdinalIgnoreCase)
                           || line.Formula.Contains(r.Key.ToString(), StringComparison.OrdinalIgnoreCase))
            .Select(r => r.Value)
            .FirstOrDefault();

    private static List<HeldDeal> HeldDealsOf(StatementInput input)
    {
        var described = input.HeldDeals.Select(d => d.DealId).ToHashSet(StringComparer.Ordinal);
        return
        [
            .. input.HeldDeals,
            .. input.Result.HeldDealIds
                .Where(id => !described.Contains(id))
                .Order(StringComparer.Ordinal)
                .Select(id => new HeldDeal(id, null, "Held for review by an anomaly check; it counts once finance releases it.")),
        ];
    }

    private static ScorecardSection ScorecardFor(PayoutResult result, Partner partner)
    {
        var rows = result.Scorecard
            .Select(e => new ScorecardRow(
                e.Name,
                RuleLabels.ForMetric(e.Name),
                ScorecardKinds.For(e.Name),
                e.Value,
                e.Threshold,
                e.Attainment,
                e.Weight,
                e.Attainment is { } a ? a >= 1m : null,
                e.Note))
            .ToList();
        var reseller = string.Equals(result.PartnerType, PartnerTypes.Reseller, StringComparison.OrdinalIgnoreCase);
        return reseller
            ? new ScorecardSection(rows, "Revenue attainment (R / T)", result.Attainment, result.Revenue,
                partner.QuarterlyTarget > 0 ? partner.QuarterlyTarget : null, result.EffectiveRate)
            : new ScorecardSection(rows, "Composite attainment (A)", result.Attainment, null, null, null);
    }
}
