using Pipeline.Domain.Programs;

namespace Pipeline.Domain.Payouts;

/// <summary>
/// Measures a partner against a plan's scorecard and finds the tier reached (docs/program.md, "Agencies"):
/// a_m = value / threshold (4 dp), A = Σ w × min(a_m, cap) (4 dp), then the highest tier whose conditions hold.
/// </summary>
internal sealed record ScorecardEvaluation(decimal Attainment, bool AllMetricsMet, TierRule Tier, IReadOnlyList<ScorecardEntry> Entries)
{
    public static ScorecardEvaluation Evaluate(PlanDefinition plan, QuarterMetrics metrics, List<string> explanation)
    {
        var entries = new List<ScorecardEntry>();
        var composite = 0m;
        var allMet = true;
        foreach (var m in plan.Scorecard?.Metrics ?? ValueList.Empty<ScorecardMetric>())
        {
            var mean = metrics.Mean(m.Metric);
            if (mean is not { } value)
            {
                allMet = false;
                entries.Add(new ScorecardEntry(m.Metric, null, m.Threshold, null, m.Weight, "missing: no readings in the quarter"));
                explanation.Add($"No {m.Metric} was reported this quarter, so it counts as not met.");
                continue;
            }

            var attainment = Money.Ratio(value / m.Threshold);
            allMet &= attainment >= 1m;
            composite += m.Weight * Math.Min(attainment, m.Cap);
            var note = attainment >= 1m ? "met" : "below threshold";
            if (attainment > m.Cap) note += $"; counted at the cap of {Lines.Number(m.Cap)}";
            entries.Add(new ScorecardEntry(m.Metric, value, m.Threshold, attainment, m.Weight, note));
            explanation.Add($"{m.Metric} averaged {Lines.Ratio(value)} against a threshold of {Lines.Number(m.Threshold)}: attainment {Lines.Ratio(attainment)} ({note}).");
        }

        var a = Money.Ratio(composite);
        var tiers = plan.Tiers ?? throw new InvalidOperationException($"Plan '{plan.Id}' has no tiers to evaluate.");
        // Tiers are in rank order and the first has no conditions, so the last one whose conditions hold is the highest reached.
        var tier = tiers.Last(t => (!t.AllMetricsMet || allMet) && (t.MinAttainment is not { } min || a >= min));
        explanation.Add($"Composite attainment A = {Lines.Ratio(a)}; tier {tier.Id} "
            + (tier == tiers[0]
                ? $"(a metric is missing or below its threshold, or no higher tier's condition holds), earning {Lines.Percent(tier.BaseRate)} of the base fee."
                : $"(all its conditions hold), earning {Lines.Percent(tier.BaseRate)} of the base fee."));
        return new ScorecardEvaluation(a, allMet, tier, entries);
    }
}
