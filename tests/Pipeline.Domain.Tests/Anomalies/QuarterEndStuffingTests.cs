using Pipeline.Domain.Anomalies;
using Xunit;

namespace Pipeline.Domain.Tests.Anomalies;

public sealed class QuarterEndStuffingTests
{
    // 2026Q3 ends on 30 September, so its last 14 days start on 17 September.
    private static AnomalyScenario LateDeal(decimal lateNet, DateOnly closed) => new AnomalyScenario()
        .Reseller("RS-1")
        .Deal("RS-1", "EARLY-1", 6_000m, AnomalyScenario.Day(7, 14))
        .Deal("RS-1", "LATE-1", lateNet, closed)
        .Facts("RS-1", f => f with { Revenue = 10_000m, QualifyingNet = 10_000m });

    [Fact]
    public void Exactly_forty_percent_of_revenue_in_the_last_fourteen_days_is_flagged()
    {
        var finding = Assert.Single(LateDeal(4_000m, AnomalyScenario.Day(9, 17)).Run());

        Assert.Equal("quarter_end_stuffing", finding.Check);
        Assert.Equal(AnomalySeverity.Medium, finding.Severity);
        Assert.Equal(0.4m, finding.Evidence.Observed);
        Assert.Equal(0.4m, finding.Evidence.Limit);
        Assert.Equal(4_000m, finding.Evidence.Figure("late_net"));
        Assert.Equal(10_000m, finding.Evidence.Figure("revenue"));
        Assert.Equal(["LATE-1"], finding.Evidence.DealIds);
        Assert.Contains("from 2026-09-17", finding.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deal_on_the_last_day_of_the_quarter_counts_as_late() =>
        Assert.Single(LateDeal(4_000m, AnomalyScenario.Day(9, 30)).Run("quarter_end_stuffing"));

    [Fact]
    public void A_deal_fifteen_days_before_the_end_is_not_late() =>
        Assert.Empty(LateDeal(4_000m, AnomalyScenario.Day(9, 16)).Run());

    [Fact]
    public void Just_under_forty_percent_is_not_flagged() =>
        Assert.Empty(LateDeal(3_999.99m, AnomalyScenario.Day(9, 20)).Run());

    [Fact]
    public void Eroded_late_deals_are_not_part_of_revenue_and_do_not_count()
    {
        var scenario = new AnomalyScenario()
            .Reseller("RS-1")
            .Deal("RS-1", "EARLY-1", 6_000m, AnomalyScenario.Day(7, 14))
            .Deal("RS-1", "LATE-CUT", 5_000m, AnomalyScenario.Day(9, 25), eroded: true);

        Assert.Empty(scenario.Run("quarter_end_stuffing"));
    }

    [Fact]
    public void Deals_spread_over_the_quarter_are_not_flagged() =>
        Assert.Empty(new AnomalyScenario().Reseller("RS-1").OrdinaryDeals("RS-1").Run());
}
