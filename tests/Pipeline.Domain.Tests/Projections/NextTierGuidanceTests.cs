using Pipeline.Domain.Partners;
using Pipeline.Domain.Payouts;
using Pipeline.Domain.Programs;
using Pipeline.Domain.Projections;
using Pipeline.Domain.Tests.Builders;

namespace Pipeline.Domain.Tests.Projections;

public sealed class NextTierGuidanceTests
{
    private static readonly IncentiveProgram Program = ProgramDefinitions.Reference;

    private static TierGuidance Guide(PayoutInput input) =>
        NextTierGuidance.For(Program.PlanFor(input.Partner.Type), input.Partner, PayoutCalculator.Calculate(Program, input));

    [Fact]
    public void A_reseller_in_the_core_band_is_told_how_much_more_revenue_reaches_the_target_band()
    {
        // 50,000.00 of a 100,000.00 target: the target band starts at 0.8 T = 80,000.00.
        var guidance = Guide(Inputs.ForReseller([Inputs.Deal("D-1", 30_000m), Inputs.Deal("D-2", 20_000m)]));

        Assert.Equal("core (8%)", guidance.Standing);
        Assert.Equal("target (10%)", guidance.Next);
        Assert.Equal(["USD 30,000.00 more qualifying revenue reaches band target (10%)."], guidance.Steps);
    }

    [Fact]
    public void A_reseller_below_the_csat_gate_is_told_the_accelerator_needs_it()
    {
        var guidance = Guide(Inputs.ForReseller([Inputs.Deal("D-1", 105_000m)], csat: 3.8m));

        Assert.Equal("accelerator (14%)", guidance.Standing);
        Assert.Equal("accelerator-cap (10%)", guidance.Next);
        Assert.Equal("USD 45,000.00 more qualifying revenue reaches band accelerator-cap (10%).", guidance.Steps[0]);
        Assert.Equal("Band accelerator pays its full rate only with a mean csat of 4; you have 3.8.", guidance.Steps[1]);
    }

    [Fact]
    public void A_reseller_in_the_accelerator_is_told_how_much_more_still_earns_its_rate_not_to_reach_the_lower_cap()
    {
        // 105,000.00 of 100,000.00 with csat met: the next dollar earns 14% up to 1.5 T = 150,000.00, then 10%.
        var guidance = Guide(Inputs.ForReseller([Inputs.Deal("D-1", 105_000m)], csat: 4.3m));

        Assert.Equal("accelerator (14%)", guidance.Standing);
        Assert.Equal(["USD 45,000.00 more qualifying revenue still earns 14%; above that, band accelerator-cap (10%) applies."], guidance.Steps);
    }

    [Fact]
    public void An_agency_below_a_threshold_is_told_which_metric_needs_what()
    {
        // conversion 0.02 < 0.025: tier "below"; "at" needs every metric met.
        var guidance = Guide(Inputs.ForAgency(Inputs.Scorecard(0.30m, 0.02m, 0.95m)));

        Assert.Equal("below", guidance.Standing);
        Assert.Equal("at", guidance.Next);
        Assert.Equal(["conversion_rate needs 0.025, you have 0.02."], guidance.Steps);
    }

    [Fact]
    public void An_agency_at_threshold_is_told_the_attainment_the_above_tier_needs()
    {
        var guidance = Guide(Inputs.ForAgency(Inputs.Scorecard(0.25m, 0.025m, 0.90m)));

        Assert.Equal("at", guidance.Standing);
        Assert.Equal("above", guidance.Next);
        Assert.Equal(["Composite attainment needs 1.1, you have 1."], guidance.Steps);
    }

    [Fact]
    public void An_agency_with_a_missing_metric_is_told_it_has_not_been_reported()
    {
        var guidance = Guide(Inputs.ForAgency(Inputs.Scorecard(0.30m, null, 0.95m)));

        Assert.Equal(["conversion_rate needs 0.025; nothing reported yet this quarter."], guidance.Steps);
    }

    [Fact]
    public void The_top_tier_has_no_next_tier()
    {
        var guidance = Guide(Inputs.ForAgency(Inputs.Scorecard(0.40m, 0.04m, 0.99m)));

        Assert.Equal("above", guidance.Standing);
        Assert.Null(guidance.Next);
    }
}
