using Pipeline.Domain.Anomalies;
using Xunit;

namespace Pipeline.Domain.Tests.Anomalies;

public sealed class RefundRateTests
{
    private static AnomalyScenario Deals(int count, int refunded)
    {
        var scenario = new AnomalyScenario().Reseller("RS-1");
        for (var i = 0; i < count; i++)
        {
            scenario.Deal("RS-1", $"D-{i:D3}", 100m + i, AnomalyScenario.Day(7, 1).AddDays(i % 60),
                refunded: i < refunded ? AnomalyScenario.Day(10, 15) : null);
        }

        return scenario;
    }

    [Fact]
    public void Three_refunds_in_twenty_deals_is_fifteen_percent_and_flagged()
    {
        var finding = Assert.Single(Deals(20, 3).Run("refund_rate"));

        Assert.Equal(AnomalySeverity.Low, finding.Severity);
        Assert.Equal(0.15m, finding.Evidence.Observed);
        Assert.Equal(0.15m, finding.Evidence.Limit);
        Assert.Equal(3m, finding.Evidence.Figure("refunded_deals"));
        Assert.Equal(20m, finding.Evidence.Figure("deals"));
        Assert.Equal(["D-000", "D-001", "D-002"], finding.Evidence.DealIds);
        Assert.Empty(finding.HeldDealIds);
    }

    [Fact]
    public void Below_twenty_deals_the_rate_is_not_judged() =>
        Assert.Empty(Deals(19, 3).Run("refund_rate"));

    [Fact]
    public void Two_refunds_in_twenty_deals_is_not_flagged() =>
        Assert.Empty(Deals(20, 2).Run("refund_rate"));

    [Fact]
    public void Refunds_within_the_quarter_count_as_well_as_later_ones()
    {
        var scenario = Deals(19, 2).Deal("RS-1", "D-999", 500m, AnomalyScenario.Day(7, 2), refunded: AnomalyScenario.Day(7, 30));

        var finding = Assert.Single(scenario.Run("refund_rate"));
        Assert.Equal(3m, finding.Evidence.Figure("refunded_deals"));
        Assert.Equal(20m, finding.Evidence.Figure("deals"));
    }
}
