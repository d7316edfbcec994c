using Pipeline.Domain.Partners;
using Pipeline.Domain.Programs;

namespace Pipeline.Domain.Payouts;

/// <summary>
/// Computes one partner's quarter under a program by interpreting the blocks of the partner's plan.
/// Pure: no clock, no I/O, no dependence on input order; the same program and input give an identical result.
/// </summary>
public static class PayoutCalculator
{
    public static PayoutResult Calculate(IncentiveProgram program, PayoutInput input)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(input);
        var partner = input.Partner;
        var quarter = input.Quarter;
        if (input.Deals.FirstOrDefault(d => d.PartnerId != partner.PartnerId) is { } stray)
            throw new ArgumentException($"Deal {stray.DealId} belongs to partner {stray.PartnerId}, not {partner.PartnerId}.", nameof(input));
        if (input.Metrics.FirstOrDefault(m => m.PartnerId != partner.PartnerId) is { } strayMetric)
            throw new ArgumentException($"A {strayMetric.Metric} row belongs to partner {strayMetric.PartnerId}, not {partner.PartnerId}.", nameof(input));

        var plan = program.PlanFor(partner.Type);
        var metrics = new QuarterMetrics(input.Metrics, quarter);
        var lines = new List<PayoutLine>();
        var scorecard = new List<ScorecardEntry>();
        var explanation = new List<string> { $"{partner.Name} ({partner.PartnerId}), {quarter}, plan {plan.Name} ({program.Id} {program.Version})." };

        var score = plan.Tiers is null ? null : ScorecardEvaluation.Evaluate(plan, metrics, explanation);
        if (score is not null) scorecard.AddRange(score.Entries);
        var deals = DealQualification.Sort(input.Deals, quarter, input.HeldDealIds, plan.ErodedDeals);
        if (plan.Bands is not null) ExplainRevenue(partner, deals, scorecard, explanation);

        var tier = score?.Tier.Id ?? (deals.AnyQualifying ? CommissionTiers.Qualified : CommissionTiers.None);
        var history = new TierHistory(input.History, quarter, tier);
        var streak = history.StreakAboveLowest(plan);

        if (score is not null) BaseFeeRules.AddLines(plan, partner, score, streak, lines, explanation);
        BonusRules.AddLines(plan, partner, tier, metrics, lines, explanation);
        var effectiveRate = plan.Bands is null
            ? 0m
            : CommissionRules.AddLines(plan, partner, quarter, deals, metrics, history, lines, scorecard, explanation);
        CommissionRules.AddClawbacks(plan, quarter, input.RefundedEarlierDeals, lines, explanation);
        Adjustments.AddLines(input, lines, explanation);

        var total = lines.Sum(l => l.Amount);
        var advance = BaseFeeRules.Advance(plan, partner);
        var notices = history.Notices(plan, explanation);
        explanation.Add(advance == 0m
            ? $"Total earned {Lines.Amount(total)} is the sum of the lines, and is the balance due."
            : $"Total earned {Lines.Amount(total)} is the sum of the lines; less the advance of {Lines.Amount(advance)} paid at the start of the quarter, the balance due is {Lines.Amount(total - advance)}.");

        return new PayoutResult
        {
            PartnerId = partner.PartnerId,
            PartnerName = partner.Name,
            PartnerType = PartnerTypes.Name(partner.Type),
            PlanId = plan.Id,
            ProgramVersion = program.Version,
            Quarter = quarter,
            Tier = tier,
            Scorecard = scorecard,
            Attainment = score?.Attainment ?? (partner.QuarterlyTarget > 0m ? Money.Ratio(deals.Revenue / partner.QuarterlyTarget) : 0m),
            Revenue = plan.Bands is null ? 0m : deals.Revenue,
            ErodedRevenue = plan.Bands is null ? 0m : deals.ErodedRevenue,
            EffectiveRate = effectiveRate,
            Streak = streak,
            Lines = lines,
            TotalEarned = total,
            Advance = advance,
            BalanceDue = total - advance,
            Notices = notices,
            PaidDeals = plan.Bands is null ? [] : PaidDeals(plan, deals, effectiveRate),
            HeldDealIds = [.. deals.Held.Select(d => d.DealId)],
            Explanation = explanation,
        };
    }

    /// <summary>Each qualifying deal with the rate it earned, so a later refund can be clawed back at that rate.</summary>
    private static List<PaidDeal> PaidDeals(PlanDefinition plan, DealQualification deals, decimal effectiveRate)
    {
        var paid = new List<PaidDeal>(deals.Counted.Count + deals.Eroded.Count);
        foreach (var d in deals.Counted) paid.Add(new PaidDeal(d.DealId, d.UsdNet, effectiveRate, Eroded: false));
        foreach (var d in deals.Eroded) paid.Add(new PaidDeal(d.DealId, d.UsdNet, plan.ErodedDeals!.Rate, Eroded: true));
        paid.Sort(static (a, b) => string.CompareOrdinal(a.DealId, b.DealId));
        return paid;
    }

    private static void ExplainRevenue(Partner partner, DealQualification deals, List<ScorecardEntry> scorecard, List<string> explanation)
    {
        var t = partner.QuarterlyTarget;
        var attainment = t > 0m ? Money.Ratio(deals.Revenue / t) : 0m;
        scorecard.Add(new ScorecardEntry("revenue", deals.Revenue, t, attainment, 1m, "qualifying revenue R against the quarterly target T"));
        explanation.Add($"{deals.Counted.Count} deal(s) count towards R = {Lines.Amount(deals.Revenue)} against a target T = {Lines.Amount(t)} (R / T = {Lines.Ratio(attainment)}).");
        if (deals.RefundedInQuarter.Count > 0)
            explanation.Add($"{deals.RefundedInQuarter.Count} deal(s) refunded within the quarter do not qualify ({string.Join(", ", deals.RefundedInQuarter.Select(d => d.DealId))}).");
        if (deals.Held.Count > 0)
            explanation.Add($"{deals.Held.Count} deal(s) held for review do not qualify until finance releases them ({string.Join(", ", deals.Held.Select(d => d.DealId))}).");
    }
}
