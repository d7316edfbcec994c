using Pipeline.Domain.Anomalies;
using Pipeline.Domain.Anomalies.Checks;
using Xunit;

namespace Pipeline.Domain.Tests.Anomalies;

public sealed class DuplicateDealTests
{
    [Fact]
    public void A_deal_id_reported_by_two_partners_holds_both_copies_and_both_payouts()
    {
        var scenario = new AnomalyScenario()
            .Reseller("RS-1").OrdinaryDeals("RS-1", "A").Deal("RS-1", "SHARED-9", 4_000m)
            .Reseller("RS-2").OrdinaryDeals("RS-2", "B").Deal("RS-2", "SHARED-9", 4_000m);

        var findings = scenario.Run("duplicate_deal");

        Assert.Equal(["RS-1", "RS-2"], findings.Select(f => f.PartnerId));
        Assert.All(findings, f =>
        {
            Assert.Equal(AnomalySeverity.High, f.Severity);
            Assert.True(f.HoldsPayout);
            Assert.Equal(["SHARED-9"], f.HeldDealIds);
            Assert.Equal(["SHARED-9"], f.Evidence.DealIds);
            Assert.Equal(2m, f.Evidence.Observed);
            Assert.Equal(2m, f.Evidence.Limit);
            Assert.Equal(1m, f.Evidence.Figure("other_partners"));
        });
        Assert.StartsWith("Deal SHARED-9 was also reported by RS-2 in 2026Q3.", findings[0].Summary, StringComparison.Ordinal);

        var holds = AnomalyDetector.Holds(scenario.Run());
        Assert.Equal(["RS-1", "RS-2"], holds.HeldPartnerIds);
        Assert.Equal([new HeldDealKey("RS-1", "SHARED-9"), new HeldDealKey("RS-2", "SHARED-9")], holds.HeldDeals);
        Assert.False(holds.IsDealHeld("RS-1", "A-001"));
    }

    [Fact]
    public void Partners_with_their_own_deal_ids_are_not_duplicates()
    {
        var scenario = new AnomalyScenario()
            .Reseller("RS-1").OrdinaryDeals("RS-1", "A")
            .Reseller("RS-2").OrdinaryDeals("RS-2", "B");

        Assert.Empty(scenario.Run());
        Assert.Empty(AnomalyDetector.Holds(scenario.Run()).HeldPartnerIds);
    }

    [Fact]
    public void The_same_deal_id_closed_in_another_quarter_is_not_a_duplicate_of_this_one()
    {
        var scenario = new AnomalyScenario()
            .Reseller("RS-1").OrdinaryDeals("RS-1").Deal("RS-1", "SHARED-9", 4_000m)
            .Reseller("RS-2").OrdinaryDeals("RS-2", "B").Deal("RS-2", "SHARED-9", 4_000m, closed: AnomalyScenario.Day(6, 30));

        Assert.Empty(scenario.Run("duplicate_deal"));
    }

    [Fact]
    public void With_a_minimum_of_three_partners_two_reporters_are_not_enough_and_three_are()
    {
        var three = AnomalyThresholds.Reference.With(new DuplicateDealThresholds(MinPartners: 3));
        var scenario = new AnomalyScenario()
            .Reseller("RS-1").Deal("RS-1", "X", 100m)
            .Reseller("RS-2").Deal("RS-2", "X", 100m);
        Assert.Empty(scenario.Run("duplicate_deal", three));

        scenario.Reseller("RS-3").Deal("RS-3", "X", 100m);
        var findings = scenario.Run("duplicate_deal", three);
        Assert.Equal(3, findings.Count);
        Assert.All(findings, f => Assert.Equal(3m, f.Evidence.Observed));
    }

    [Fact]
    public void Evidence_lists_at_most_twenty_deals_but_every_duplicate_is_held()
    {
        var scenario = new AnomalyScenario().Reseller("RS-1").Reseller("RS-2");
        for (var i = 0; i < 25; i++)
        {
            scenario.Deal("RS-1", $"D-{i:D2}", 100m + i).Deal("RS-2", $"D-{i:D2}", 100m + i);
        }

        var finding = scenario.Run("duplicate_deal")[0];

        Assert.Equal(AnomalyFinding.MaxListedDeals, finding.Evidence.DealIds.Count);
        Assert.Equal("D-00", finding.Evidence.DealIds[0]);
        Assert.Equal(25, finding.Evidence.DealCount);
        Assert.Equal(25, finding.HeldDealIds.Count);
        Assert.Equal(25m, finding.Evidence.Figure("duplicated_deals"));
    }
}
