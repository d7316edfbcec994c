using Pipeline.Domain.Payouts;
using static Pipeline.Domain.Tests.Builders.Inputs;

namespace Pipeline.Domain.Tests.Payouts;

/// <summary>
/// Reseller bands (docs/program.md, "Resellers"), target T = 100,000.00, csat 4.5 unless stated:
/// 0–80,000 at 0.08; 80,000–100,000 at 0.10; 100,000–150,000 at 0.14; above 150,000 at 0.10.
/// </summary>
public sealed class ResellerBandTests
{
    private static PayoutResult Revenue(decimal r, decimal csat = 4.5m) => Pay(ForReseller([Deal("D-1", r)], csat));

    [Fact]
    public void Revenue_exactly_at_0_8_target_is_paid_entirely_in_the_first_band()
    {
        // 80,000 × 0.08 = 6,400.00; the 0.8–1.0 T band has a zero basis, so no line
        var result = Revenue(80_000m);

        var line = Assert.Single(result.Lines);
        Assert.Equal(("band", 80_000m, 0.08m, 6_400.00m), (line.RuleId, line.Basis, line.Rate, line.Amount));
        Assert.Equal("80,000.00 × 0.08 = 6,400.00", line.Formula);
        Assert.Equal(0.0800m, result.EffectiveRate);
        Assert.Equal(0.8000m, result.Attainment);
        Assert.Equal("qualified", result.Tier);
    }

    [Fact]
    public void One_cent_above_0_8_target_opens_the_second_band()
    {
        // 80,000 × 0.08 = 6,400.00; 0.01 × 0.10 = 0.001 → 0.00 (a line: its basis is not zero)
        var result = Revenue(80_000.01m);

        Assert.Equal([6_400.00m, 0.00m], result.BandAmounts());
        Assert.Equal(0.01m, result.Lines[1].Basis);
    }

    [Fact]
    public void Revenue_exactly_at_target_fills_the_first_two_bands()
    {
        // 6,400.00 + 20,000 × 0.10 = 2,000.00 → 8,400.00; effective 8,400 / 100,000 = 0.0840
        var result = Revenue(100_000m);

        Assert.Equal([6_400.00m, 2_000.00m], result.BandAmounts());
        Assert.Equal(8_400.00m, result.TotalEarned);
        Assert.Equal(0.0840m, result.EffectiveRate);
        Assert.Equal(1.0000m, result.Attainment);
    }

    [Fact]
    public void Revenue_exactly_at_1_5_target_fills_the_accelerator()
    {
        // 6,400 + 2,000 + 50,000 × 0.14 = 7,000 → 15,400.00; effective 15,400 / 150,000 = 0.102666… → 0.1027
        var result = Revenue(150_000m);

        Assert.Equal([6_400.00m, 2_000.00m, 7_000.00m], result.BandAmounts());
        Assert.Equal(15_400.00m, result.TotalEarned);
        Assert.Equal(0.1027m, result.EffectiveRate);
    }

    [Fact]
    public void Revenue_above_1_5_target_is_paid_at_the_10_percent_cap()
    {
        // 15,400 + 50,000 × 0.10 = 5,000 → 20,400.00; effective 20,400 / 200,000 = 0.1020
        var result = Revenue(200_000m);

        Assert.Equal([6_400.00m, 2_000.00m, 7_000.00m, 5_000.00m], result.BandAmounts());
        Assert.Equal(20_400.00m, result.TotalEarned);
        Assert.Equal(0.1020m, result.EffectiveRate);
        Assert.Equal(20_400.00m, result.BalanceDue); // no advance for resellers
        Assert.Equal(0m, result.Advance);
    }

    [Fact]
    public void Band_lines_are_rounded_to_cents_half_away_from_zero()
    {
        // 80,000 + 0.05 → second band 0.05 × 0.10 = 0.005 → 0.01
        Assert.Equal([6_400.00m, 0.01m], Revenue(80_000.05m).BandAmounts());
    }

    [Fact]
    public void Csat_of_3_99_closes_the_csat_gate_and_the_accelerator_pays_10_percent()
    {
        // 6,400 + 2,000 + 50,000 × 0.10 = 5,000 → 13,400.00
        var result = Revenue(150_000m, csat: 3.99m);

        Assert.Equal([6_400.00m, 2_000.00m, 5_000.00m], result.BandAmounts());
        Assert.Equal(0.10m, result.Lines[2].Rate);
    }

    [Fact]
    public void Csat_of_exactly_4_00_passes_the_gate()
    {
        Assert.Equal(7_000.00m, Revenue(150_000m, csat: 4.00m).BandAmounts()[2]); // 50,000 × 0.14
    }

    [Fact]
    public void Csat_mean_is_rounded_to_4_places_before_the_gate()
    {
        // readings 3.99999 and 4.0: mean 3.999995 → 4.0000 → gate passes
        var input = ForReseller([Deal("D-1", 150_000m)]) with { Metrics = [Csat(3.99999m), Csat(4.0m)] };

        Assert.Equal(7_000.00m, Pay(input).BandAmounts()[2]);
    }

    [Fact]
    public void No_csat_reported_closes_the_gate()
    {
        var result = Pay(ForReseller([Deal("D-1", 150_000m)]) with { Metrics = [] });

        Assert.Equal(13_400.00m, result.TotalEarned);
        Assert.Contains(result.Explanation, s => s.StartsWith("No csat was reported", StringComparison.Ordinal));
    }

    [Fact]
    public void Zero_revenue_gives_no_lines_and_a_zero_effective_rate()
    {
        var result = Pay(ForReseller([]));

        Assert.Empty(result.Lines);
        Assert.Equal((0m, 0m, 0m, 0m), (result.TotalEarned, result.BalanceDue, result.EffectiveRate, result.Revenue));
        Assert.Equal("none", result.Tier);
        Assert.Empty(result.PaidDeals);
    }

    [Fact]
    public void Non_usd_deals_count_at_their_usd_net()
    {
        // EUR 10,000.00 converted at 1.085 → USD 10,850.00 (by ingestion); 10,850 × 0.08 = 868.00
        var eur = Deal("D-EUR", 10_850m) with { Currency = "EUR", NetAmount = 10_000m, ListAmount = 10_000m, UsdList = 10_850m };
        var result = Pay(ForReseller([eur]));

        Assert.Equal(10_850m, result.Revenue);
        Assert.Equal(868.00m, result.TotalEarned);
    }

    [Fact]
    public void Discount_of_a_non_usd_deal_is_taken_from_its_own_currency_amounts()
    {
        // EUR list 10,000, net 6,999 → discount 0.3001 > 0.30 → eroded, whatever the USD rounding: 7,593.92 × 0.04 = 303.76
        var eur = Deal("D-EUR", 7_593.92m, list: 10_850m) with { Currency = "EUR", NetAmount = 6_999m, ListAmount = 10_000m };
        var result = Pay(ForReseller([eur]));

        Assert.Equal(0m, result.Revenue);
        Assert.Equal(303.76m, result.Line(RuleIds.ErodedDeals));
    }

    [Fact]
    public void Deals_in_any_order_give_the_same_lines()
    {
        var deals = new[] { Deal("D-2", 60_000m), Deal("D-1", 50_000m), Deal("D-3", 1_234.56m) };
        var forward = Pay(ForReseller(deals));
        var backward = Pay(ForReseller([.. deals.Reverse()]));

        Assert.Equal(forward.Lines, backward.Lines);
        Assert.Equal(forward.PaidDeals, backward.PaidDeals);
        Assert.Equal(["D-1", "D-2", "D-3"], forward.PaidDeals.Select(d => d.DealId));
    }
}
