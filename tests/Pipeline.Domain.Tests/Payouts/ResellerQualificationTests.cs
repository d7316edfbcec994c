using Pipeline.Domain.Deals;
using Pipeline.Domain.Payouts;
using static Pipeline.Domain.Tests.Builders.Inputs;

namespace Pipeline.Domain.Tests.Payouts;

/// <summary>Which deals count, eroded deals and the growth uplift (docs/program.md, "Resellers"); T = 100,000.00, csat 4.5.</summary>
public sealed class ResellerQualificationTests
{
    [Fact]
    public void Discount_of_exactly_30_percent_is_not_eroded()
    {
        // D-2: 1 − 7,000/10,000 = 0.3000, not > 0.30 → in R: R = 90,000 + 7,000 = 97,000
        // 6,400 + 17,000 × 0.10 = 1,700 → 8,100.00
        var result = Pay(ForReseller([Deal("D-1", 90_000m), Deal("D-2", 7_000m, list: 10_000m)]));

        Assert.Equal(97_000m, result.Revenue);
        Assert.False(result.Has(RuleIds.ErodedDeals));
        Assert.Equal(8_100.00m, result.TotalEarned);
    }

    [Fact]
    public void Discount_above_30_percent_is_paid_a_flat_4_percent_and_left_out_of_revenue()
    {
        // D-2: 1 − 6,999/10,000 = 0.3001 > 0.30 → eroded: 6,999 × 0.04 = 279.96
        // R = 90,000: 6,400 + 10,000 × 0.10 = 1,000 → 7,400; total 7,400 + 279.96 = 7,679.96
        var result = Pay(ForReseller([Deal("D-1", 90_000m), Deal("D-2", 6_999m, list: 10_000m)]));

        Assert.Equal(90_000m, result.Revenue);
        Assert.Equal(6_999m, result.ErodedRevenue);
        var eroded = result.Lines.Single(l => l.RuleId == RuleIds.ErodedDeals);
        Assert.Equal((6_999m, 0.04m, 279.96m), (eroded.Basis, eroded.Rate, eroded.Amount));
        Assert.Equal(7_679.96m, result.TotalEarned);
        // effective rate from the band lines only: 7,400 / 90,000 = 0.08222… → 0.0822
        Assert.Equal(0.0822m, result.EffectiveRate);
        Assert.Equal(new PaidDeal("D-2", 6_999m, 0.04m, Eroded: true), result.PaidDeals[1]);
        Assert.Equal(new PaidDeal("D-1", 90_000m, 0.0822m, Eroded: false), result.PaidDeals[0]);
    }

    [Fact]
    public void Deal_refunded_within_its_own_quarter_does_not_qualify()
    {
        // D-2 refunded on 15 Sep 2026 (inside 2026Q3): only D-1 counts, R = 50,000 → 4,000.00
        var result = Pay(ForReseller([Deal("D-1", 50_000m), Deal("D-2", 30_000m, status: DealStatus.Refunded, refunded: new DateOnly(2026, 9, 15))]));

        Assert.Equal(50_000m, result.Revenue);
        Assert.Equal(4_000.00m, result.TotalEarned);
        Assert.DoesNotContain(result.PaidDeals, d => d.DealId == "D-2");
    }

    [Fact]
    public void Deal_refunded_after_the_quarter_ended_still_qualifies_in_its_quarter()
    {
        // refunded 1 Oct 2026, after 2026Q3 ends: it counts now (and will be clawed back in 2026Q4)
        // R = 80,000 → 6,400.00
        var result = Pay(ForReseller([Deal("D-1", 50_000m), Deal("D-2", 30_000m, status: DealStatus.Refunded, refunded: new DateOnly(2026, 10, 1))]));

        Assert.Equal(80_000m, result.Revenue);
        Assert.Equal(6_400.00m, result.TotalEarned);
    }

    [Fact]
    public void Deals_held_for_review_do_not_qualify_and_are_listed_on_the_result()
    {
        var input = ForReseller([Deal("D-1", 50_000m), Deal("D-2", 30_000m)]) with { HeldDealIds = ["D-2"] };
        var result = Pay(input);

        Assert.Equal(50_000m, result.Revenue);
        Assert.Equal(["D-2"], result.HeldDealIds);
        Assert.DoesNotContain(result.PaidDeals, d => d.DealId == "D-2");
    }

    [Fact]
    public void Deals_closed_outside_the_quarter_are_ignored()
    {
        var result = Pay(ForReseller([Deal("D-1", 50_000m), Deal("D-0", 30_000m, closed: new DateOnly(2026, 6, 30))]));

        Assert.Equal(50_000m, result.Revenue);
    }

    [Fact]
    public void Deals_of_another_partner_are_refused()
    {
        var input = ForReseller([Deal("D-1", 50_000m, partnerId: "RS-2")]);

        var error = Assert.Throws<ArgumentException>(() => Pay(input));
        Assert.Contains("D-1 belongs to partner RS-2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Metrics_of_another_partner_are_refused_rather_than_silently_dropped()
    {
        var input = ForReseller([Deal("D-1", 50_000m)]) with { Metrics = [Csat(4.5m) with { PartnerId = "RS-2" }] };

        var error = Assert.Throws<ArgumentException>(() => Pay(input));
        Assert.Contains("A csat row belongs to partner RS-2", error.Message, StringComparison.Ordinal);
    }
}

/// <summary>
/// Year-two uplift: joined ≥ 365 days before 1 Jul 2026 and R ≥ 1.20 × R of 2025Q3 (100,000.00) → +0.01 on every band.
/// Without the uplift, R = 120,000 pays 6,400 + 2,000 + 20,000 × 0.14 = 2,800 → 11,200.00.
/// </summary>
public sealed class ResellerGrowthUpliftTests
{
    private static PayoutResult Pay120k(DateOnly joined, decimal revenue = 120_000m, decimal csat = 4.5m, params ClosedQuarter[] history)
    {
        var input = ForReseller([Deal("D-1", revenue)], csat, Reseller(joined: joined)) with { History = history };
        return Pay(input);
    }

    private static readonly ClosedQuarter LastYear = Closed("2025Q3", "qualified", revenue: 100_000m);

    [Fact]
    public void Growth_of_20_percent_on_the_same_quarter_last_year_adds_a_point_to_every_band()
    {
        // joined 1 Jul 2025: 365 days before 1 Jul 2026 → eligible; 120,000 ≥ 1.20 × 100,000
        // 80,000 × 0.09 = 7,200; 20,000 × 0.11 = 2,200; 20,000 × 0.15 = 3,000 → 12,400.00
        // effective 12,400 / 120,000 = 0.10333… → 0.1033
        var result = Pay120k(new DateOnly(2025, 7, 1), history: LastYear);

        Assert.Equal([7_200.00m, 2_200.00m, 3_000.00m], result.BandAmounts());
        Assert.Equal([0.09m, 0.11m, 0.15m], result.Lines.Select(l => l.Rate));
        Assert.Equal(0.1033m, result.EffectiveRate);
    }

    [Fact]
    public void Revenue_one_cent_short_of_1_2_times_last_year_gets_no_uplift()
    {
        // 119,999.99 < 120,000: 6,400 + 2,000 + 19,999.99 × 0.14 = 2,799.9986 → 2,800.00 → 11,200.00
        var result = Pay120k(new DateOnly(2024, 1, 15), revenue: 119_999.99m, history: LastYear);

        Assert.Equal([6_400.00m, 2_000.00m, 2_800.00m], result.BandAmounts());
        Assert.Equal(11_200.00m, result.TotalEarned);
    }

    [Fact]
    public void Partner_who_joined_364_days_before_the_quarter_gets_no_uplift()
    {
        // joined 2 Jul 2025: 364 days before 1 Jul 2026
        var result = Pay120k(new DateOnly(2025, 7, 2), history: LastYear);

        Assert.Equal(11_200.00m, result.TotalEarned);
        Assert.Contains(result.Explanation, s => s.Contains("joined 364 day(s)", StringComparison.Ordinal));
    }

    [Fact]
    public void No_uplift_when_the_same_quarter_last_year_was_never_closed()
    {
        // 2026Q2 is closed, 2025Q3 is not: nothing to grow from
        var result = Pay120k(new DateOnly(2024, 1, 15), history: Closed("2026Q2", "qualified", revenue: 10_000m));

        Assert.Equal(11_200.00m, result.TotalEarned);
        Assert.Contains(result.Explanation, s => s.Contains("2025Q3 was never closed", StringComparison.Ordinal));
    }

    [Fact]
    public void Uplift_applies_on_top_of_a_closed_csat_gate()
    {
        // csat 3.5: accelerator pays 0.10, plus 0.01 → 0.11: 7,200 + 2,200 + 20,000 × 0.11 = 2,200 → 11,600.00
        var result = Pay120k(new DateOnly(2024, 1, 15), csat: 3.5m, history: LastYear);

        Assert.Equal([7_200.00m, 2_200.00m, 2_200.00m], result.BandAmounts());
    }
}
