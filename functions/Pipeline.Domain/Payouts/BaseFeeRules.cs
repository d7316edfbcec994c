using Pipeline.Domain.Partners;
using Pipeline.Domain.Programs;

namespace Pipeline.Domain.Payouts;

/// <summary>
/// The lines paid on the base fee by tier (docs/program.md, "Agencies"): base, performance bonus, sustained-performance uplift;
/// and the advance, which is not a line.
/// </summary>
internal static class BaseFeeRules
{
    public static void AddLines(PlanDefinition plan, Partner partner, ScorecardEvaluation score, int streak,
        List<PayoutLine> lines, List<string> explanation)
    {
        var fee = partner.BaseFee;
        var tier = score.Tier;
        Lines.Add(lines, RuleIds.Base, $"Base fee, tier {tier.Id}", fee, tier.BaseRate);

        if (plan.PerformanceBonus is { } bonus && bonus.Tier == tier.Id)
        {
            // r = min + (max − min) × min(1, (A − from) / (to − from)), rounded to 4 dp before use; never below min.
            var progress = Math.Clamp((score.Attainment - bonus.FromAttainment) / (bonus.ToAttainment - bonus.FromAttainment), 0m, 1m);
            var r = Money.Ratio(bonus.MinRate + (bonus.MaxRate - bonus.MinRate) * progress);
            Lines.Add(lines, RuleIds.PerformanceBonus, $"Performance bonus at A = {Lines.Ratio(score.Attainment)}", fee, r);
            explanation.Add($"Performance bonus rate r = {Lines.Number(bonus.MinRate)} + {Lines.Number(bonus.MaxRate - bonus.MinRate)} × min(1, "
                + $"({Lines.Ratio(score.Attainment)} − {Lines.Number(bonus.FromAttainment)}) / {Lines.Number(bonus.ToAttainment - bonus.FromAttainment)}) = {Lines.Ratio(r)}.");

            if (plan.SustainedPerformance is { } sustained && sustained.Tier == tier.Id
                && sustained.Steps.LastOrDefault(s => streak >= s.MinStreak) is { } step
                && lines.LastOrDefault(l => l.RuleId == RuleIds.PerformanceBonus) is { } bonusLine)
            {
                Lines.Add(lines, RuleIds.SustainedPerformance,
                    $"Sustained performance: {streak} consecutive quarters, {Lines.Percent(step.Rate)} of the performance bonus",
                    bonusLine.Amount, step.Rate);
                explanation.Add($"The partner has been above the lowest tier for {streak} consecutive quarters "
                    + $"(at least {step.MinStreak}), so {Lines.Percent(step.Rate)} of the performance bonus is added.");
            }
        }
    }

    public static decimal Advance(PlanDefinition plan, Partner partner) =>
        plan.Advance is { } advance ? Money.Cents(partner.BaseFee * advance.Rate) : 0m;
}
