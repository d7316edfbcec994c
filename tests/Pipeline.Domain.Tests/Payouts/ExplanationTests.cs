using Pipeline.Domain.Deals;
using Pipeline.Domain.Payouts;
using static Pipeline.Domain.Tests.Builders.Inputs;

namespace Pipeline.Domain.Tests.Payouts;

/// <summary>The statement shows the arithmetic: the explanation and line descriptions a partner reads.</summary>
public sealed class ExplanationTests
{
    [Fact]
    public void Reseller_explanation_walks_through_every_step_of_the_total()
    {
        // R = 120,000 (D-1); D-2 eroded (1 − 6,000/10,000 = 0.40); D-3 refunded in the quarter; csat 3.9 < 4;
        // 2025Q3 R = 90,000 → 120,000 ≥ 108,000 → +0.01: 80,000 × 0.09 + 20,000 × 0.11 + 20,000 × (0.10 + 0.01)
        // = 7,200 + 2,200 + 2,200 = 11,600; eroded 6,000 × 0.04 = 240; clawback −(2,000 × 0.0925) = −185 → 11,655.00
        var input = ForReseller(
            [Deal("D-1", 120_000m), Deal("D-2", 6_000m, list: 10_000m), Deal("D-3", 100m, status: DealStatus.Refunded, refunded: InQuarter)],
            csat: 3.9m) with
        {
            History = [Closed("2025Q3", "qualified", revenue: 90_000m)],
            RefundedEarlierDeals = [new RefundedEarlierDeal(Quarter.Parse("2026Q2"), new PaidDeal("D-0", 2_000m, 0.0925m, false))],
        };
        var result = Pay(input);

        Assert.Equal(
            [
                "Contoso Resale (RS-1), 2026Q3, plan Growth reseller (partner-growth 2025.1).",
                "1 deal(s) count towards R = 120,000.00 against a target T = 100,000.00 (R / T = 1.2000).",
                "1 deal(s) refunded within the quarter do not qualify (D-3).",
                "Mean csat 3.9000 is below 4, so band accelerator pays 0.10.",
                "Growth uplift: R = 120,000.00 is at least 1.2 × 90,000.00 (2025Q3), so every band pays 0.01 more.",
                "The band lines add up to 11,600.00: an effective rate of 11,600.00 / 120,000.00 = 0.0967.",
                "1 deal(s) discounted by more than 30% (D-2) are paid a flat 4% on 6,000.00 and left out of R.",
                "Deal D-0, paid in 2026Q2 at 0.0925 (2026Q2's effective rate), was refunded: 185.00 is taken back.",
                "Total earned 11,655.00 is the sum of the lines, and is the balance due.",
            ],
            result.Explanation);
        Assert.Equal("Band accelerator (1–1.5 T: 100,000.00 to 150,000.00), gate not met, growth uplift +0.01", result.Lines[2].Description);
        Assert.Equal("20,000.00 × 0.11 = 2,200.00", result.Lines[2].Formula);
    }

    [Fact]
    public void Agency_explanation_shows_the_bonus_rate_formula_and_the_balance_after_the_advance()
    {
        var result = Pay(ForAgency(Scorecard(0.4375m, 0.025m, 0.90m)));

        Assert.Contains("Performance bonus rate r = 0.1 + 0.15 × min(1, (1.3000 − 1.1) / 0.4) = 0.1750.", result.Explanation);
        Assert.Equal(
            "Total earned 11,750.00 is the sum of the lines; less the advance of 6,000.00 paid at the start of the quarter, the balance due is 5,750.00.",
            result.Explanation[^1]);
    }
}
