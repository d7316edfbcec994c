namespace Pipeline.Domain.Statements;

/// <summary>The tier reached, with what it means in words. Thresholds are program data, so the words name none.</summary>
public static class TierLabels
{
    public static TierSection For(string tier, int streak) => tier switch
    {
        "below" => new(tier, "Below threshold",
            "At least one metric was under its threshold or missing: the reduced base fee is earned and no bonus.", streak),
        "at" => new(tier, "At threshold",
            "Every metric met its threshold: the full base fee is earned.", streak),
        "above" => new(tier, "Above threshold",
            "Every metric met its threshold and the composite attainment reached the bonus level: the full base fee and a performance bonus are earned.", streak),
        "qualified" => new(tier, "Qualified",
            "Qualifying revenue was paid through the marginal bands below.", streak),
        "none" => new(tier, "No qualifying revenue",
            "No deal qualified this quarter, so no band commission is earned.", streak),
        _ => new(tier, RuleLabels.Humanize(tier), "", streak),
    };
}
