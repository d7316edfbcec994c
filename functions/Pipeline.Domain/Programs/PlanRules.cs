using System.Globalization;
using Pipeline.Domain.Payouts;

namespace Pipeline.Domain.Programs;

/// <summary>
/// Checks that need more than one value: blocks that depend on other blocks, references to tiers and bands,
/// band tables without gaps, weights that add up. Runs on what was read, so items already reported as
/// broken (null placeholders) are skipped rather than reported twice.
/// </summary>
internal static class PlanRules
{
    public static void CheckPlan(PlanDefinition plan, string path, ErrorSink errors)
    {
        var at = (string name) => $"{path}.{name}";
        if (plan.Tiers is null && plan.Bands is null)
            errors.Add(path, "must define tiers (with a scorecard) or bands: a plan that pays nothing is a mistake");

        CheckScorecard(plan.Scorecard, at("scorecard.metrics"), errors);
        CheckTiers(plan, at("tiers"), errors);
        var tierIds = plan.TierIds();

        if (plan.PerformanceBonus is { } bonus)
        {
            Requires(plan.Tiers is not null, at("performanceBonus"), "needs tiers", errors);
            CheckTierRef(bonus.Tier, tierIds, at("performanceBonus.tier"), errors);
            if (bonus.ToAttainment <= bonus.FromAttainment)
                errors.Add(at("performanceBonus.toAttainment"), $"must be greater than fromAttainment ({Show(bonus.FromAttainment)})");
            if (bonus.MaxRate < bonus.MinRate)
                errors.Add(at("performanceBonus.maxRate"), $"must be at least minRate ({Show(bonus.MinRate)})");
        }

        if (plan.SustainedPerformance is { } sustained)
        {
            Requires(plan.PerformanceBonus is not null, at("sustainedPerformance"), "needs a performanceBonus (it is paid as a share of it)", errors);
            CheckTierRef(sustained.Tier, tierIds, at("sustainedPerformance.tier"), errors);
            for (var i = 1; i < sustained.Steps.Count; i++)
            {
                if (sustained.Steps[i] is not { } step || sustained.Steps[i - 1] is not { } previous) continue;
                if (step.MinStreak <= previous.MinStreak)
                    errors.Add(at($"sustainedPerformance.steps[{i}].minStreak"), $"must be greater than the previous step's ({previous.MinStreak})");
            }
        }

        if (plan.Bonuses is { } bonuses) CheckBonuses(bonuses, tierIds, at("bonuses"), errors);

        if (plan.Advance is not null) Requires(plan.Tiers is not null, at("advance"), "needs tiers (it is a share of the base fee)", errors);

        CheckBands(plan.Bands, at("bands"), errors);
        if (plan.Gates is { } gates)
        {
            Requires(plan.Bands is not null, at("gates"), "needs bands", errors);
            for (var i = 0; i < gates.Count; i++)
                if (gates[i] is { } gate && plan.Bands is { } bands && gate.Band.Length > 0 && !bands.Any(b => b?.Id == gate.Band))
                    errors.Add(at($"gates[{i}].band"), $"'{gate.Band}' is not a band of this plan ({string.Join(", ", bands.Where(b => b is not null).Select(b => b.Id))})");
        }

        if (plan.GrowthUplift is not null) Requires(plan.Bands is not null, at("growthUplift"), "needs bands", errors);
        if (plan.ErodedDeals is not null) Requires(plan.Bands is not null, at("erodedDeals"), "needs bands", errors);
        if (plan.Clawback is not null) Requires(plan.Bands is not null, at("clawback"), "needs bands", errors);

        if (plan.Notices is { } notices)
        {
            Unique(notices.Select(n => n?.Id), at("notices"), "id", errors);
            for (var i = 0; i < notices.Count; i++)
                if (notices[i] is { } notice)
                    for (var t = 0; t < notice.Tiers.Count; t++)
                        CheckTierRef(notice.Tiers[t], tierIds, at($"notices[{i}].tiers[{t}]"), errors);
        }
    }

    public static void CheckAcrossPlans(IReadOnlyList<PlanDefinition?> plans, ErrorSink errors)
    {
        Unique(plans.Select(p => p?.Id), "plans", "id", errors);
        for (var i = 0; i < plans.Count; i++)
        {
            // A partner type already reported as unknown was read as a placeholder: comparing it would add a false error.
            if (plans[i] is not { } plan || errors.HasErrorAt($"plans[{i}].partnerType")) continue;
            var earlier = plans.Take(i).Where((p, j) => p is not null && !errors.HasErrorAt($"plans[{j}].partnerType"))
                .FirstOrDefault(p => p!.PartnerType == plan.PartnerType);
            if (earlier is not null)
                errors.Add($"plans[{i}].partnerType", $"plan '{earlier.Id}' already covers {plan.PartnerType.ToString().ToLowerInvariant()} partners");
        }
    }

    private static void CheckBonuses(ValueList<Bonus> bonuses, IReadOnlyList<string> tierIds, string path, ErrorSink errors)
    {
        Unique(bonuses.Select(b => b?.Id), path, "id", errors);
        for (var i = 0; i < bonuses.Count; i++)
        {
            if (bonuses[i] is not { } bonus) continue;
            var at = $"{path}[{i}]";
            // The bonus id becomes its line's rule id: reusing a built-in one would make two rules look like one.
            if (RuleIds.BuiltIn.Contains(bonus.Id)) errors.Add($"{at}.id", $"'{bonus.Id}' is a built-in rule id; choose another");
            if (bonus.Rate is null == bonus.Amount is null)
                errors.Add(at, "needs either rate (a share of the base fee) or amount (a fixed sum), not both");
            if (bonus.Metric is null && (bonus.MinMean is not null || bonus.MaxMean is not null))
                errors.Add($"{at}.metric", "is required when minMean or maxMean is given");
            if (bonus.Metric is not null && bonus.MinMean is null && bonus.MaxMean is null)
                errors.Add(at, "a metric condition needs minMean or maxMean");
            for (var t = 0; t < bonus.Tiers.Count; t++) CheckTierRef(bonus.Tiers[t], tierIds, $"{at}.tiers[{t}]", errors);
        }
    }

    private static void CheckScorecard(Scorecard? scorecard, string path, ErrorSink errors)
    {
        if (scorecard is null || scorecard.Metrics.Count == 0 || scorecard.Metrics.Any(m => m is null)) return;
        Unique(scorecard.Metrics.Select(m => m.Metric), path, "metric", errors);
        var total = scorecard.Metrics.Sum(m => m.Weight);
        if (total != 1m) errors.Add(path, $"weights must add up to 1 (they add up to {Show(total)})");
    }

    private static void CheckTiers(PlanDefinition plan, string path, ErrorSink errors)
    {
        if (plan.Tiers is not { } tiers) return;
        Unique(tiers.Select(t => t?.Id), path, "id", errors);
        var conditional = tiers.Any(t => t is not null && (t.AllMetricsMet || t.MinAttainment is not null));
        if (conditional && plan.Scorecard is null) errors.Add(path, "tiers with conditions need a scorecard to measure them");
        for (var i = 0; i < tiers.Count; i++)
        {
            if (tiers[i] is not { } tier) continue;
            var hasCondition = tier.AllMetricsMet || tier.MinAttainment is not null;
            if (i == 0 && hasCondition)
                errors.Add($"{path}[0]", "the first tier is the fallback every partner reaches, so it must have no conditions");
            if (i > 0 && !hasCondition)
                errors.Add($"{path}[{i}]", "needs a condition (allMetricsMet or minAttainment); only the first tier is unconditional");
        }
    }

    private static void CheckBands(ValueList<Band>? bands, string path, ErrorSink errors)
    {
        if (bands is null) return;
        Unique(bands.Select(b => b?.Id), path, "id", errors);
        for (var i = 0; i < bands.Count; i++)
        {
            if (bands[i] is not { } band) continue;
            var last = i == bands.Count - 1;
            if (i == 0 && band.From != 0m) errors.Add($"{path}[0].from", "must be 0: the first band starts at the first dollar");
            if (i > 0 && bands[i - 1] is { To: { } previousTo } && band.From != previousTo)
                errors.Add($"{path}[{i}].from", $"must equal the previous band's to ({Show(previousTo)}): bands may not leave gaps or overlap");
            if (band.To is { } to && to <= band.From) errors.Add($"{path}[{i}].to", $"must be greater than from ({Show(band.From)})");
            if (!last && band.To is null) errors.Add($"{path}[{i}].to", "is required (only the last band is open-ended)");
            if (last && band.To is not null) errors.Add($"{path}[{i}].to", "must be absent: the last band covers all revenue above its start");
        }
    }

    private static void CheckTierRef(string tier, IReadOnlyList<string> tierIds, string path, ErrorSink errors)
    {
        if (tier.Length > 0 && !tierIds.Contains(tier))
            errors.Add(path, $"'{tier}' is not a tier of this plan ({string.Join(", ", tierIds)})");
    }

    private static void Requires(bool condition, string path, string message, ErrorSink errors)
    {
        if (!condition) errors.Add(path, message);
    }

    private static void Unique(IEnumerable<string?> ids, string path, string property, ErrorSink errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var id in ids)
        {
            if (id is { Length: > 0 } && !seen.Add(id)) errors.Add($"{path}[{index}].{property}", $"'{id}' is used more than once");
            index++;
        }
    }

    private static string Show(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
