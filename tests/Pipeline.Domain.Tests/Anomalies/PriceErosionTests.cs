using Pipeline.Domain.Anomalies;
using Pipeline.Domain.Anomalies.Checks;
using Xunit;

namespace Pipeline.Domain.Tests.Anomalies;

public sealed class PriceErosionTests
{
    private static AnomalyScenario ErodedShare(decimal erodedNet) => new AnomalyScenario()
        .Reseller("RS-1")
        .Deal("RS-1", "FULL-1", 6_000m - erodedNet, AnomalyScenario.Day(7, 10))
        .Deal("RS-1", "FULL-2", 4_000m, AnomalyScenario.Day(8, 10))
        .Deal("RS-1", "CUT-1", erodedNet / 2, AnomalyScenario.Day(7, 20), eroded: true)
        .Deal("RS-1", "CUT-2", erodedNet / 2, AnomalyScenario.Day(8, 20), eroded: true);

    [Fact]
    public void Eroded_deals_at_exactly_a_quarter_of_qualifying_net_are_flagged_with_their_figures()
    {
        var finding = Assert.Single(ErodedShare(2_500m).Run());

        Assert.Equal("price_erosion", finding.Check);
        Assert.Equal(AnomalySeverity.Medium, finding.Severity);
        Assert.False(finding.HoldsPayout);
        Assert.Equal(0.25m, finding.Evidence.Observed);
        Assert.Equal(0.25m, finding.Evidence.Limit);
        Assert.Equal(2_500m, finding.Evidence.Figure("eroded_net"));
        Assert.Equal(10_000m, finding.Evidence.Figure("qualifying_net"));
        Assert.Equal(["CUT-1", "CUT-2"], finding.Evidence.DealIds);
        Assert.Contains("25.00% of qualifying net", finding.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Eroded_deals_at_24_99_percent_are_not_flagged() =>
        Assert.Empty(ErodedShare(2_499m).Run());

    [Fact]
    public void A_partner_without_eroded_deals_is_not_flagged() =>
        Assert.Empty(new AnomalyScenario().Reseller("RS-1").OrdinaryDeals("RS-1").Run());

    [Fact]
    public void An_eroded_deal_refunded_within_the_quarter_is_not_cited()
    {
        var finding = Assert.Single(ErodedShare(3_000m)
            .Deal("RS-1", "CUT-REFUNDED", 900m, AnomalyScenario.Day(7, 5), eroded: true, refunded: AnomalyScenario.Day(7, 25))
            .Run("price_erosion"));

        Assert.Equal(["CUT-1", "CUT-2"], finding.Evidence.DealIds);
        Assert.Equal(0.3m, finding.Evidence.Observed);
    }

    [Fact]
    public void A_higher_program_threshold_silences_the_same_erosion() =>
        Assert.Empty(ErodedShare(2_500m).Run(AnomalyThresholds.Reference.With(new PriceErosionThresholds(MinShare: 0.30m))));
}
