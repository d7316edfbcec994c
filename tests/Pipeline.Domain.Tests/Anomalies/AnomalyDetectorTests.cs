using Pipeline.Domain.Anomalies;
using Pipeline.Domain.Anomalies.Checks;
using Pipeline.Domain.Programs;
using Pipeline.Domain.Partners;
using Xunit;

namespace Pipeline.Domain.Tests.Anomalies;

public sealed class AnomalyDetectorTests
{
    [Fact]
    public void Ordinary_agencies_and_resellers_raise_nothing_and_hold_nothing()
    {
        var scenario = new AnomalyScenario()
            .Agency("AG-1").Facts("AG-1", f => f with { TotalEarned = 9_000m, LastQuarterTotalEarned = 8_500m })
            .Reseller("RS-1").OrdinaryDeals("RS-1", "A")
            .Facts("RS-1", f => f with
            {
                TotalEarned = 850m,
                LastQuarterTotalEarned = 800m,
                EarlierRevenue = [new(Quarter.Parse("2026Q2"), 9_000m), new(Quarter.Parse("2026Q1"), 11_000m)],
            })
            .Reseller("RS-2").OrdinaryDeals("RS-2", "B");

        var findings = scenario.Run();

        Assert.Empty(findings);
        Assert.Empty(AnomalyDetector.Holds(findings).HeldPartnerIds);
    }

    [Fact]
    public void Findings_are_ordered_by_severity_then_check_then_partner()
    {
        var scenario = new AnomalyScenario()
            .Agency("AG-9").Facts("AG-9", f => f with { TotalEarned = 30_000m, LastQuarterTotalEarned = 5_000m })  // payout_jump
            .Agency("AG-2", metricRows: 0)                                                                          // missing_data
            .Reseller("RS-1").Deal("RS-1", "X-1", 100m).Deal("RS-1", "CUT", 900m, eroded: true)                      // duplicate, erosion
            .Reseller("RS-0").Deal("RS-0", "X-1", 100m);                                                           // duplicate

        var findings = scenario.Run();

        Assert.Equal(
            [
                ("duplicate_deal", "RS-0"),
                ("duplicate_deal", "RS-1"),
                ("missing_data", "AG-2"),
                ("price_erosion", "RS-1"),
                ("payout_jump", "AG-9"),
            ],
            findings.Select(f => (f.Check, f.PartnerId)));
        var holds = AnomalyDetector.Holds(findings);
        Assert.Equal(["AG-2", "RS-0", "RS-1"], holds.HeldPartnerIds);
        Assert.False(holds.IsPartnerHeld("AG-9"));
        Assert.True(holds.IsDealHeld("RS-0", "X-1"));
        Assert.False(holds.IsDealHeld("RS-1", "CUT"));
    }

    [Fact]
    public void Deals_and_facts_of_partners_outside_the_registry_are_ignored()
    {
        var scenario = new AnomalyScenario().Reseller("RS-1").OrdinaryDeals("RS-1");
        AnomalyDeal[] deals = [.. scenario.Deals, new("GHOST", "D-001", new DateOnly(2026, 7, 3), 1_850m)];
        AnomalyPartnerFacts[] facts = [.. scenario.BuildFacts(), new("GHOST", TotalEarned: 90_000m, LastQuarterTotalEarned: 1m)];

        var findings = AnomalyDetector.Run(AnomalyScenario.Q3, scenario.Partners, deals, facts, AnomalyThresholds.Reference);

        Assert.Empty(findings);
    }

    [Fact]
    public void A_partner_listed_twice_is_refused_rather_than_checked_twice()
    {
        AnomalyPartner[] partners = [new("RS-1", PartnerType.Reseller), new("RS-1", PartnerType.Reseller)];

        var error = Assert.Throws<ArgumentException>(() => AnomalyDetector.Run(AnomalyScenario.Q3, partners, [], [], AnomalyThresholds.Reference));
        Assert.Contains("RS-1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_reference_thresholds_are_the_specs()
    {
        var t = AnomalyThresholds.Reference;

        Assert.Equal(
            (2, 0.25m, 0.40m, 14, 3m, 4, 2, 2m, 10_000m, 0.15m, 20, 0.01m, 300),
            (t.Of<DuplicateDealThresholds>().MinPartners, t.Of<PriceErosionThresholds>().MinShare,
                t.Of<QuarterEndStuffingThresholds>().MinShare, t.Of<QuarterEndStuffingThresholds>().LastDays,
                t.Of<RevenueSpikeThresholds>().Multiple, t.Of<RevenueSpikeThresholds>().MaxEarlierQuarters, t.Of<RevenueSpikeThresholds>().MinEarlierQuarters,
                t.Of<PayoutJumpThresholds>().Multiple, t.Of<PayoutJumpThresholds>().MinTotal,
                t.Of<RefundRateThresholds>().MinShare, t.Of<RefundRateThresholds>().MinDeals,
                t.Of<BenfordThresholds>().MaxPValue, t.Of<BenfordThresholds>().MinDeals));
        Assert.Equal(ProgramDefinitions.Reference.Anomalies, t);
    }

    [Theory]
    [InlineData("duplicateDeal.minPartners")]
    [InlineData("priceErosion.minShare")]
    [InlineData("revenueSpike.minEarlierQuarters")]
    [InlineData("revenueSpike.multiple")]
    [InlineData("benford.maxPValue")]
    [InlineData("benford.minDeals")]
    public void Thresholds_that_would_flag_everything_or_nothing_are_refused(string name)
    {
        CheckThresholds bad = name switch
        {
            "duplicateDeal.minPartners" => new DuplicateDealThresholds(MinPartners: 1),
            "priceErosion.minShare" => new PriceErosionThresholds(MinShare: 0m),
            "revenueSpike.minEarlierQuarters" => new RevenueSpikeThresholds(MinEarlierQuarters: 5),
            "revenueSpike.multiple" => new RevenueSpikeThresholds(Multiple: 1m),
            "benford.maxPValue" => new BenfordThresholds(MaxPValue: 1m),
            _ => new BenfordThresholds(MinDeals: 8),
        };

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new AnomalyScenario().Reseller("RS-1").Run(AnomalyThresholds.Reference.With(bad)));
        Assert.Equal(name, error.ParamName);
        Assert.StartsWith($"Anomaly threshold {name} must be ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_check_has_one_code_and_its_thresholds_one_key_in_the_program()
    {
        Assert.Equal(
            ["duplicate_deal", "missing_data", "price_erosion", "quarter_end_stuffing", "revenue_spike", "payout_jump", "refund_rate", "benford"],
            AnomalyChecks.All.Select(c => c.Code));
        Assert.Equal(
            ["duplicateDeal", "priceErosion", "quarterEndStuffing", "revenueSpike", "payoutJump", "refundRate", "benford"],
            AnomalyThresholds.Reference.Checks.Select(c => AnomalyChecks.ForThresholds(c.GetType()).ProgramKey));
        Assert.All(AnomalyThresholds.Reference.Checks, c => Assert.Empty(c.Problems()));
    }
}
