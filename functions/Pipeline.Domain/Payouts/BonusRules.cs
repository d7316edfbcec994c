using Pipeline.Domain.Partners;
using Pipeline.Domain.Programs;

namespace Pipeline.Domain.Payouts;

/// <summary>
/// The plan's bonuses: a share of the base fee or a fixed amount, in the listed tiers, when the metric condition
/// (if any) holds on the quarter mean. Each line carries the bonus id as its rule id.
/// </summary>
internal static class BonusRules
{
    public static void AddLines(PlanDefinition plan, Partner partner, string tier, QuarterMetrics metrics, List<PayoutLine> lines, List<string> explanation)
    {
        foreach (var bonus in plan.Bonuses ?? ValueList.Empty<Bonus>())
        {
            if (!bonus.Tiers.Contains(tier)) continue;
            var condition = "";
            if (bonus.Metric is { } metric)
            {
                if (metrics.Mean(metric) is not { } mean)
                {
                    explanation.Add($"No {metric} was reported, so there is no {bonus.Description.ToLowerInvariant()}.");
                    continue;
                }

                condition = Bounds(bonus, $"mean {metric} {Lines.Ratio(mean)}");
                if (mean < bonus.MinMean || mean > bonus.MaxMean)
                {
                    explanation.Add($"No {bonus.Description.ToLowerInvariant()}: it needs {Bounds(bonus, $"mean {metric}")}, and it was {Lines.Ratio(mean)}.");
                    continue;
                }
            }

            var description = condition.Length == 0 ? bonus.Description : $"{bonus.Description}: {condition}";
            if (bonus.Rate is { } rate)
            {
                Lines.Add(lines, bonus.Id, description, partner.BaseFee, rate);
                explanation.Add($"{description}: {Lines.Percent(rate)} of the base fee.");
            }
            else if (bonus.Amount is { } amount)
            {
                Lines.Add(lines, bonus.Id, description, amount, 1m);
                explanation.Add($"{description}: a fixed {Lines.Amount(amount)}.");
            }
        }
    }

    private static string Bounds(Bonus bonus, string subject) => (bonus.MinMean, bonus.MaxMean) switch
    {
        ({ } min, { } max) => $"{Lines.Number(min)} ≤ {subject} ≤ {Lines.Number(max)}",
        ({ } min, null) => $"{subject} ≥ {Lines.Number(min)}",
        (null, { } max) => $"{subject} ≤ {Lines.Number(max)}",
        _ => subject,
    };
}
