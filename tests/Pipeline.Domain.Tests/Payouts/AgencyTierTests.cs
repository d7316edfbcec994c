using Pipeline.Domain.Metrics;
using Pipeline.Domain.Payouts;
using static Pipeline.Domain.Tests.Builders.Inputs;

namespace Pipeline.Domain.Tests.Payouts;

/// <summary>
/// Agency plan, tiers and the performance bonus, base fee 10,000.00.
/// Thresholds: engagement 0.25, conversion 0.025, on-time 0.90; weights 0.4 / 0.4 / 0.2; cap 2.0.
/// </summary>
public sealed class AgencyTierTests
{
    [Fact]
    public void Agency_below_a_threshold_earns_70_percent_of_the_base_fee_and_no_bonus()
    {
        // a = 0.20/0.25 = 0.8000 (below), 0.03/0.025 = 1.2000, 0.95/0.90 = 1.0556
        // A = 0.4×0.8 + 0.4×1.2 + 0.2×1.0556 = 0.32 + 0.48 + 0.21112 = 1.0111
        var result = Pay(ForAgency(Scorecard(0.20m, 0.03m, 0.95m)));

        Assert.Equal("below", result.Tier);
        Assert.Equal(1.0111m, result.Attainment);
        Assert.Equal(0.8000m, result.Scorecard[0].Attainment);
        Assert.Equal(1.0556m, result.Scorecard[2].Attainment);
        var line = Assert.Single(result.Lines);
        Assert.Equal(("base", 10_000m, 0.70m, 7_000.00m), (line.RuleId, line.Basis, line.Rate, line.Amount)); // 10,000 × 0.70
        Assert.Equal("10,000.00 × 0.70 = 7,000.00", line.Formula);
        Assert.Equal(6_000.00m, result.Advance);       // 60% of 10,000 paid up front
        Assert.Equal(1_000.00m, result.BalanceDue);    // 7,000 − 6,000
    }

    [Fact]
    public void Every_metric_exactly_at_its_threshold_reaches_tier_at()
    {
        // a = 1.0000 for all three: the edge counts as met; A = 0.4 + 0.4 + 0.2 = 1.0000 < 1.10 → at
        var result = Pay(ForAgency(Scorecard(0.25m, 0.025m, 0.90m)));

        Assert.Equal("at", result.Tier);
        Assert.Equal(1.0000m, result.Attainment);
        Assert.Equal(10_000.00m, result.Line(RuleIds.Base));
        Assert.False(result.Has(RuleIds.PerformanceBonus));
        Assert.Equal(10_000.00m, result.TotalEarned);
        Assert.Equal(4_000.00m, result.BalanceDue); // 10,000 − 6,000 advance
    }

    [Fact]
    public void A_metric_just_under_its_threshold_keeps_the_agency_below()
    {
        // engagement 0.2499 / 0.25 = 0.9996 < 1
        var result = Pay(ForAgency(Scorecard(0.2499m, 0.05m, 0.99m)));

        Assert.Equal("below", result.Tier);
        Assert.Equal(7_000.00m, result.TotalEarned);
    }

    [Fact]
    public void Quarter_means_are_rounded_to_4_places_before_the_threshold_comparison()
    {
        // conversion readings 0.0249 and 0.0250: mean 0.02495 → 0.0250 (half away from zero) → a = 1.0000 → met
        var metrics = Scorecard(0.25m, null, 0.90m);
        metrics.Add(Metric(MetricNames.ConversionRate, 0.0249m, new DateOnly(2026, 7, 1)));
        metrics.Add(Metric(MetricNames.ConversionRate, 0.0250m, new DateOnly(2026, 9, 30)));
        var result = Pay(ForAgency(metrics));

        Assert.Equal(0.0250m, result.Scorecard[1].Value);
        Assert.Equal("at", result.Tier);
    }

    [Fact]
    public void Metric_rows_dated_outside_the_quarter_are_ignored()
    {
        // the 0.10 engagement row is dated 30 June (2026Q2): only the 0.25 row of Q3 counts
        var metrics = Scorecard(0.25m, 0.025m, 0.90m);
        metrics.Add(Metric(MetricNames.EngagementRate, 0.10m, new DateOnly(2026, 6, 30)));

        Assert.Equal("at", Pay(ForAgency(metrics)).Tier);
    }

    [Fact]
    public void Composite_exactly_1_1000_reaches_tier_above_with_a_10_percent_bonus()
    {
        // engagement 0.3125/0.25 = 1.25; A = 0.4×1.25 + 0.4×1 + 0.2×1 = 0.5 + 0.4 + 0.2 = 1.1000 → above
        // r = 0.10 + 0.15 × min(1, (1.10 − 1.10)/0.40) = 0.1000 → bonus 10,000 × 0.10 = 1,000.00
        var result = Pay(ForAgency(Scorecard(0.3125m, 0.025m, 0.90m)));

        Assert.Equal("above", result.Tier);
        Assert.Equal(1.1000m, result.Attainment);
        var bonus = result.Lines.Single(l => l.RuleId == RuleIds.PerformanceBonus);
        Assert.Equal((10_000m, 0.1000m, 1_000.00m), (bonus.Basis, bonus.Rate, bonus.Amount));
        Assert.Equal(11_000.00m, result.TotalEarned); // 10,000 + 1,000
    }

    [Fact]
    public void Composite_just_below_1_1000_stays_at()
    {
        // engagement 0.3124/0.25 = 1.2496; A = 0.49984 + 0.6 = 1.09984 → 1.0998 < 1.10
        var result = Pay(ForAgency(Scorecard(0.3124m, 0.025m, 0.90m)));

        Assert.Equal(1.0998m, result.Attainment);
        Assert.Equal("at", result.Tier);
        Assert.False(result.Has(RuleIds.PerformanceBonus));
    }

    [Fact]
    public void Bonus_at_composite_1_30_is_17_5_percent()
    {
        // engagement 0.4375/0.25 = 1.75; A = 0.7 + 0.4 + 0.2 = 1.3000
        // r = 0.10 + 0.15 × (0.20/0.40) = 0.10 + 0.075 = 0.1750 → 1,750.00
        var result = Pay(ForAgency(Scorecard(0.4375m, 0.025m, 0.90m)));

        Assert.Equal(1.3000m, result.Attainment);
        Assert.Equal(0.1750m, result.Lines.Single(l => l.RuleId == RuleIds.PerformanceBonus).Rate);
        Assert.Equal(1_750.00m, result.Line(RuleIds.PerformanceBonus));
        Assert.Equal("10,000.00 × 0.175 = 1,750.00", result.Lines[1].Formula);
    }

    [Fact]
    public void Bonus_at_composite_1_50_reaches_the_25_percent_maximum()
    {
        // engagement 1.75, conversion 0.0375/0.025 = 1.5; A = 0.7 + 0.6 + 0.2 = 1.5000
        // r = 0.10 + 0.15 × min(1, 0.40/0.40) = 0.25 → 2,500.00
        var result = Pay(ForAgency(Scorecard(0.4375m, 0.0375m, 0.90m)));

        Assert.Equal(1.5000m, result.Attainment);
        Assert.Equal(2_500.00m, result.Line(RuleIds.PerformanceBonus));
    }

    [Fact]
    public void Bonus_at_composite_1_80_stays_at_25_percent()
    {
        // engagement 0.50/0.25 = 2.0, conversion 0.05/0.025 = 2.0; A = 0.8 + 0.8 + 0.2 = 1.8000
        // r = 0.10 + 0.15 × min(1, 0.70/0.40) = 0.25 → 2,500.00
        var result = Pay(ForAgency(Scorecard(0.50m, 0.05m, 0.90m)));

        Assert.Equal(1.8000m, result.Attainment);
        Assert.Equal(2_500.00m, result.Line(RuleIds.PerformanceBonus));
        Assert.Equal(12_500.00m, result.TotalEarned);
    }

    [Fact]
    public void Bonus_rate_is_rounded_to_4_places_before_use()
    {
        // engagement 0.3126/0.25 = 1.2504; A = 0.50016 + 0.6 = 1.10016 → 1.1002
        // r = 0.10 + 0.15 × 0.0002/0.40 = 0.10 + 0.000075 = 0.100075 → 0.1001 → 10,000 × 0.1001 = 1,001.00
        var result = Pay(ForAgency(Scorecard(0.3126m, 0.025m, 0.90m)));

        Assert.Equal(1.1002m, result.Attainment);
        Assert.Equal(1_001.00m, result.Line(RuleIds.PerformanceBonus));
    }

    [Fact]
    public void Attainment_above_the_cap_counts_as_2()
    {
        // engagement 0.75/0.25 = 3.0 → counted as 2.0: A = 0.8 + 0.8 + 0.2 = 1.8000, not 2.2000
        var result = Pay(ForAgency(Scorecard(0.75m, 0.05m, 0.90m)));

        Assert.Equal(3.0000m, result.Scorecard[0].Attainment);
        Assert.Equal(1.8000m, result.Attainment);
    }

    [Fact]
    public void A_missing_metric_puts_the_agency_below_whatever_the_others_score()
    {
        // no on_time_rate rows: A = 0.4×2 + 0.4×2 = 1.6000 would be above, but a missing metric means below
        var result = Pay(ForAgency(Scorecard(0.50m, 0.05m, null)));

        Assert.Equal("below", result.Tier);
        Assert.Null(result.Scorecard[2].Value);
        Assert.Equal(7_000.00m, result.TotalEarned);
        Assert.False(result.Has(RuleIds.PerformanceBonus));
        Assert.Contains(result.Explanation, s => s.Contains("No on_time_rate was reported", StringComparison.Ordinal));
    }

    [Fact]
    public void Responsiveness_pays_2_percent_when_mean_response_is_exactly_24_hours()
    {
        // response_hours 20 and 28 → mean 24.0000 ≤ 24 → 10,000 × 0.02 = 200.00; tier at → 10,200.00
        var metrics = Scorecard(0.25m, 0.025m, 0.90m);
        metrics.Add(Metric(MetricNames.ResponseHours, 20m));
        metrics.Add(Metric(MetricNames.ResponseHours, 28m));
        var result = Pay(ForAgency(metrics));

        Assert.Equal(200.00m, result.Line(RuleIds.Responsiveness));
        Assert.Equal(10_200.00m, result.TotalEarned);
    }

    [Fact]
    public void Responsiveness_is_not_paid_above_24_hours()
    {
        // mean (20 + 28.02) / 2 = 24.01 > 24
        var metrics = Scorecard(0.25m, 0.025m, 0.90m);
        metrics.Add(Metric(MetricNames.ResponseHours, 20m));
        metrics.Add(Metric(MetricNames.ResponseHours, 28.02m));

        Assert.False(Pay(ForAgency(metrics)).Has(RuleIds.Responsiveness));
    }

    [Fact]
    public void Responsiveness_is_not_paid_to_an_agency_below()
    {
        var metrics = Scorecard(0.20m, 0.025m, 0.90m);
        metrics.Add(Metric(MetricNames.ResponseHours, 2m));

        Assert.False(Pay(ForAgency(metrics)).Has(RuleIds.Responsiveness));
    }

    [Fact]
    public void Zero_base_fee_gives_no_lines_at_all()
    {
        // every agency line has the base fee (or the bonus) as its basis: a zero basis line is omitted
        var input = ForAgency(Scorecard(0.50m, 0.05m, 0.90m)) with { Partner = Agency(baseFee: 0m) };
        var result = Pay(input);

        Assert.Empty(result.Lines);
        Assert.Equal(0m, result.TotalEarned);
        Assert.Equal(0m, result.Advance);
    }
}
