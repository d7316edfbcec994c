namespace Pipeline.Domain.Programs;

/// <summary>
/// A marginal band on qualifying revenue, its edges as fractions of the quarterly target (To null = no upper edge).
/// The part of revenue inside the band is paid at its rate.
/// </summary>
public sealed record Band(string Id, decimal From, decimal? To, decimal Rate);

/// <summary>
/// A gate on a metric's quarter mean: below MinMean, or with no readings, the band's rate becomes RateWhenFailed.
/// </summary>
public sealed record MetricGate(string Metric, decimal MinMean, string Band, decimal RateWhenFailed);

/// <summary>
/// Year-on-year growth uplift: partners who joined at least MinDaysSinceJoined days before the quarter starts,
/// with revenue at least MinGrowth × the revenue recorded for the same quarter a year earlier, get RateIncrease
/// added to every band. No uplift when that quarter was never closed.
/// </summary>
public sealed record GrowthUplift(int MinDaysSinceJoined, decimal MinGrowth, decimal RateIncrease);

/// <summary>
/// Deals discounted by more than DiscountAbove (1 − net / list) are paid a flat Rate on their net and left out of
/// the revenue the bands see, so deep discounting does not push a partner into higher bands.
/// </summary>
public sealed record FlatRateExclusion(decimal DiscountAbove, decimal Rate);

/// <summary>When enabled, deals paid in an earlier closed quarter and refunded now are taken back at the rate they were paid.</summary>
public sealed record ClawbackRule(bool Enabled);
