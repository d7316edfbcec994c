using Pipeline.Domain.Anomalies;
using Xunit;

namespace Pipeline.Domain.Tests.Anomalies;

public sealed class RevenueSpikeTests
{
    private static AnomalyScenario Revenue(decimal revenue, params (string Quarter, decimal Revenue)[] earlier) => new AnomalyScenario()
        .Reseller("RS-1")
        .OrdinaryDeals("RS-1")
        .Facts("RS-1", f => f with
        {
            Revenue = revenue,
            QualifyingNet = revenue,
            EarlierRevenue = [.. earlier.Select(e => new ClosedQuarterRevenue(Quarter.Parse(e.Quarter), e.Revenue))],
        });

    private static readonly (string, decimal)[] FourQuarters =
        [("2026Q2", 10_000m), ("2026Q1", 12_000m), ("2025Q4", 8_000m), ("2025Q3", 11_000m)];

    [Fact]
    public void Revenue_above_three_times_the_median_of_four_earlier_quarters_is_flagged()
    {
        var finding = Assert.Single(Revenue(31_500.01m, FourQuarters).Run());

        Assert.Equal("revenue_spike", finding.Check);
        Assert.Equal(AnomalySeverity.Medium, finding.Severity);
        Assert.Equal(31_500.01m, finding.Evidence.Observed);
        Assert.Equal(31_500m, finding.Evidence.Limit);
        Assert.Equal(10_500m, finding.Evidence.Figure("median_revenue"));
        Assert.Equal(4m, finding.Evidence.Figure("earlier_quarters"));
        Assert.Equal(8_000m, finding.Evidence.Figure("revenue_2025Q4"));
    }

    [Fact]
    public void Revenue_of_exactly_three_times_the_median_is_not_a_spike() =>
        Assert.Empty(Revenue(31_500m, FourQuarters).Run());

    [Fact]
    public void Two_earlier_quarters_are_enough_and_their_median_is_their_mean()
    {
        var finding = Assert.Single(Revenue(30_001m, ("2026Q2", 8_000m), ("2026Q1", 12_000m)).Run());

        Assert.Equal(10_000m, finding.Evidence.Figure("median_revenue"));
        Assert.Equal(30_000m, finding.Evidence.Limit);
    }

    [Fact]
    public void One_earlier_quarter_is_no_baseline() =>
        Assert.Empty(Revenue(1_000_000m, ("2026Q2", 1_000m)).Run());

    [Fact]
    public void A_partner_without_history_is_never_a_spike() =>
        Assert.Empty(Revenue(1_000_000m).Run());

    [Fact]
    public void Only_the_four_most_recent_earlier_quarters_count()
    {
        // With all six quarters the median would be 50,500 and 5,000 no spike; the four most recent give a median of 1,000.
        var finding = Assert.Single(Revenue(5_000m,
            ("2026Q2", 1_000m), ("2026Q1", 1_000m), ("2025Q4", 1_000m), ("2025Q3", 100_000m), ("2025Q2", 100_000m), ("2025Q1", 100_000m)).Run());

        Assert.Equal(1_000m, finding.Evidence.Figure("median_revenue"));
        Assert.Null(finding.Evidence.Figure("revenue_2025Q2"));
    }

    [Fact]
    public void Quarters_at_or_after_the_closing_one_are_not_history() =>
        Assert.Empty(Revenue(50_000m, ("2026Q3", 1_000m), ("2026Q4", 1_000m), ("2026Q2", 1_000m)).Run());

    [Fact]
    public void Two_recorded_revenues_for_one_closed_quarter_are_refused_as_inconsistent_history() =>
        Assert.Throws<ArgumentException>(() => Revenue(5_000m, ("2026Q2", 1_000m), ("2026Q2", 9_000m)).Run());

    [Fact]
    public void Steady_revenue_is_not_flagged() =>
        Assert.Empty(Revenue(11_000m, FourQuarters).Run());
}
