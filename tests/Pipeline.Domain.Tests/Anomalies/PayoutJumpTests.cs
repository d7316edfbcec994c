using Pipeline.Domain.Anomalies;
using Pipeline.Domain.Anomalies.Checks;
using Xunit;

namespace Pipeline.Domain.Tests.Anomalies;

public sealed class PayoutJumpTests
{
    private static IReadOnlyList<AnomalyFinding> Earned(decimal total, decimal? lastQuarter) => new AnomalyScenario()
        .Agency("AG-1")
        .Facts("AG-1", f => f with { TotalEarned = total, LastQuarterTotalEarned = lastQuarter })
        .Run();

    [Fact]
    public void More_than_double_last_quarter_and_at_least_ten_thousand_is_flagged()
    {
        var finding = Assert.Single(Earned(12_000.01m, 6_000m));

        Assert.Equal("payout_jump", finding.Check);
        Assert.Equal(AnomalySeverity.Medium, finding.Severity);
        Assert.Equal(12_000.01m, finding.Evidence.Observed);
        Assert.Equal(12_000m, finding.Evidence.Limit);
        Assert.Equal(6_000m, finding.Evidence.Figure("last_quarter_total"));
        Assert.Equal(10_000m, finding.Evidence.Figure("min_total"));
    }

    [Fact]
    public void Exactly_double_last_quarter_is_not_a_jump() =>
        Assert.Empty(Earned(12_000m, 6_000m));

    [Fact]
    public void Exactly_ten_thousand_is_enough_for_a_jump() =>
        Assert.Single(Earned(10_000m, 4_999.99m));

    [Fact]
    public void A_jump_below_ten_thousand_is_left_alone() =>
        Assert.Empty(Earned(9_999.99m, 1_000m));

    [Fact]
    public void A_first_quarter_without_a_previous_close_cannot_jump() =>
        Assert.Empty(Earned(50_000m, null));

    [Fact]
    public void A_higher_floor_from_the_program_silences_the_same_jump() =>
        Assert.Empty(new AnomalyScenario().Agency("AG-1")
            .Facts("AG-1", f => f with { TotalEarned = 12_000.01m, LastQuarterTotalEarned = 6_000m })
            .Run(AnomalyThresholds.Reference.With(new PayoutJumpThresholds(MinTotal: 15_000m))));
}
