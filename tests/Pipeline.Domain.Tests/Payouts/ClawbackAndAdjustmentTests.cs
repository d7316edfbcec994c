using Pipeline.Domain.Deals;
using Pipeline.Domain.Payouts;
using static Pipeline.Domain.Tests.Builders.Inputs;

namespace Pipeline.Domain.Tests.Payouts;

/// <summary>Clawbacks and adjustment lines (docs/program.md, "Clawbacks", "Prior-period adjustments").</summary>
public sealed class ClawbackAndAdjustmentTests
{
    private static readonly Quarter Q2 = Quarter.Parse("2026Q2");

    [Fact]
    public void Refunded_deal_in_later_quarter_is_clawed_back_at_original_rate()
    {
        // 2026Q2: D-9 (20,000) and D-8 (130,000) → R = 150,000, bands 15,400.00, effective 0.1027
        var q2 = Pay(new PayoutInput
        {
            Partner = Reseller(),
            Quarter = Q2,
            Deals = [Deal("D-9", 20_000m, closed: new DateOnly(2026, 5, 2)), Deal("D-8", 130_000m, closed: new DateOnly(2026, 5, 3))],
            Metrics = [Csat(4.5m) with { Date = new DateOnly(2026, 5, 1) }],
        });
        var paid = q2.PaidDeals.Single(d => d.DealId == "D-9");
        Assert.Equal(0.1027m, paid.Rate);

        // 2026Q3: D-9 refunded on 10 Aug; this quarter R = 50,000 → 4,000.00
        // clawback −(20,000 × 0.1027) = −2,054.00 → total 1,946.00
        var q3 = Pay(ForReseller([Deal("D-1", 50_000m)]) with
        {
            RefundedEarlierDeals = [new RefundedEarlierDeal(Q2, paid, new DateOnly(2026, 8, 10))],
            History = [ClosedQuarter.From(q2)],
        });

        var clawback = q3.Lines.Single(l => l.RuleId == RuleIds.Clawback);
        Assert.Equal((20_000m, 0.1027m, -2_054.00m), (clawback.Basis, clawback.Rate, clawback.Amount));
        Assert.Equal("-(20,000.00 × 0.1027) = -2,054.00", clawback.Formula);
        Assert.Equal(1_946.00m, q3.TotalEarned);
    }

    [Fact]
    public void Refunded_eroded_deal_is_clawed_back_at_4_percent()
    {
        // −(6,999 × 0.04) = −279.96, even with no revenue this quarter (total may go negative)
        var result = Pay(ForReseller([]) with
        {
            RefundedEarlierDeals = [new RefundedEarlierDeal(Q2, new PaidDeal("D-2", 6_999m, 0.04m, Eroded: true))],
        });

        Assert.Equal(-279.96m, result.Line(RuleIds.Clawback));
        Assert.Equal(-279.96m, result.TotalEarned);
        Assert.Equal(-279.96m, result.BalanceDue);
    }

    [Fact]
    public void Each_clawed_back_deal_gets_its_own_line_in_quarter_then_deal_order()
    {
        var result = Pay(ForReseller([]) with
        {
            RefundedEarlierDeals =
            [
                new RefundedEarlierDeal(Q2, new PaidDeal("D-5", 1_000m, 0.08m, false)),
                new RefundedEarlierDeal(Quarter.Parse("2026Q1"), new PaidDeal("D-7", 1_000m, 0.0900m, false)),
                new RefundedEarlierDeal(Q2, new PaidDeal("D-4", 1_000m, 0.08m, false)),
            ],
        });

        // −(1,000 × 0.09) = −90.00; −(1,000 × 0.08) = −80.00 twice
        Assert.Equal([-90.00m, -80.00m, -80.00m], result.Lines.Select(l => l.Amount));
        Assert.Equal(["D-7", "D-4", "D-5"], result.Lines.Select(l => l.Description.Split(' ')[3].TrimEnd(',')));
    }

    [Fact]
    public void A_deal_paid_in_this_quarter_cannot_be_clawed_back_in_it()
    {
        var input = ForReseller([]) with { RefundedEarlierDeals = [new RefundedEarlierDeal(Q3, new PaidDeal("D-1", 10m, 0.08m, false))] };

        Assert.Throws<ArgumentException>(() => Pay(input));
    }

    [Fact]
    public void Prior_period_adjustments_give_one_line_per_earlier_quarter()
    {
        // 2026Q1: +120.00 − 20.00 = 100.00 (one line); 2026Q2: −50.005 → −50.01 (half away from zero)
        var result = Pay(ForReseller([Deal("D-1", 10_000m)]) with
        {
            PriorPeriodAdjustments =
            [
                new PriorPeriodAdjustment(Q2, -50.005m, "deal D-3 corrected"),
                new PriorPeriodAdjustment(Quarter.Parse("2026Q1"), 120m, "late deal D-0"),
                new PriorPeriodAdjustment(Quarter.Parse("2026Q1"), -20m, "FX rate corrected"),
            ],
        });

        var adjustments = result.Lines.Where(l => l.RuleId == RuleIds.PriorPeriodAdjustment).ToList();
        Assert.Equal([100.00m, -50.01m], adjustments.Select(l => l.Amount));
        Assert.Equal("Adjustment for 2026Q1: late deal D-0; FX rate corrected", adjustments[0].Description);
        Assert.Equal(849.99m, result.TotalEarned); // 10,000 × 0.08 = 800.00; 800.00 + 100.00 − 50.01 = 849.99
    }

    [Fact]
    public void Finance_adjustments_are_lines_with_their_reason_and_zero_ones_are_omitted()
    {
        // agency at: 10,000 + 250 − 0 = 10,250.00; balance 10,250 − 6,000 = 4,250.00
        var result = Pay(ForAgency(Scorecard(0.25m, 0.025m, 0.90m)) with
        {
            FinanceAdjustments = [new FinanceAdjustment(250m, "event sponsorship agreed", "cfo@example.com"), new FinanceAdjustment(0m, "reviewed, no change")],
        });

        var line = result.Lines.Single(l => l.RuleId == RuleIds.FinanceAdjustment);
        Assert.Equal(250.00m, line.Amount);
        Assert.Contains("event sponsorship agreed", line.Description, StringComparison.Ordinal);
        Assert.Equal(10_250.00m, result.TotalEarned);
        Assert.Equal(4_250.00m, result.BalanceDue);
    }
}
