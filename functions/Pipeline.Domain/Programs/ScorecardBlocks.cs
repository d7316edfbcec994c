namespace Pipeline.Domain.Programs;

/// <summary>Metrics measured against thresholds; A = Σ weight × min(value / threshold, cap).</summary>
public sealed record Scorecard(ValueList<ScorecardMetric> Metrics);

/// <summary>One metric of a scorecard. Cap limits how much one strong metric can carry the composite.</summary>
public sealed record ScorecardMetric(string Metric, decimal Threshold, decimal Weight, decimal Cap);

/// <summary>
/// A tier: reached when its conditions hold; the highest tier reached wins. The first tier is the fallback
/// (no conditions). BaseRate is the share of the base fee earned in the tier.
/// </summary>
public sealed record TierRule(string Id, decimal BaseRate, bool AllMetricsMet = false, decimal? MinAttainment = null);

/// <summary>
/// Bonus on the base fee in one tier: rate rises linearly from MinRate at FromAttainment to MaxRate at
/// ToAttainment and stays there (r = min + (max − min) × min(1, (A − from) / (to − from))).
/// </summary>
public sealed record PerformanceBonus(string Tier, decimal FromAttainment, decimal ToAttainment, decimal MinRate, decimal MaxRate);

/// <summary>
/// Uplift for sustained performance: in Tier, the highest step whose MinStreak the streak reaches adds
/// Rate × the performance bonus. A streak counts consecutive quarters above the plan's fallback tier.
/// </summary>
public sealed record SustainedPerformance(string Tier, ValueList<StreakStep> Steps);

public sealed record StreakStep(int MinStreak, decimal Rate);

/// <summary>
/// A bonus paid in the listed tiers, optionally only when a metric's quarter mean is within MinMean / MaxMean:
/// a share of the base fee (Rate) or a fixed amount (Amount), never both. Its id is the rule id of its line,
/// e.g. "responsiveness" (2% of the base fee when mean response_hours ≤ 24) in the reference program.
/// </summary>
public sealed record Bonus(
    string Id,
    string Description,
    ValueList<string> Tiers,
    string? Metric = null,
    decimal? MinMean = null,
    decimal? MaxMean = null,
    decimal? Rate = null,
    decimal? Amount = null);

/// <summary>Share of the base fee paid at the start of the quarter; not a line, it reduces the balance due.</summary>
public sealed record AdvanceRule(decimal Rate);

/// <summary>A message (no money) when the partner has been in one of Tiers for MinConsecutiveQuarters or more.</summary>
public sealed record NoticeRule(string Id, ValueList<string> Tiers, int MinConsecutiveQuarters, string Text);
