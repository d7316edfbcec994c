using Pipeline.Domain.Close;
using Pipeline.Domain.Deals;
using Pipeline.Domain.Payouts;
using Pipeline.Domain.Programs;
using Pipeline.Domain.Tests.Builders;
using Xunit;

namespace Pipeline.Domain.Tests.Close;

public sealed class PartnerCloseAssemblerTests
{
    private static readonly Quarter Q2 = Quarter.Parse("2026Q2");

    private static ClosedPartnerQuarter ClosedQ2(decimal total, params PaidDeal[] paid) =>
        new("RS-1", Q2, "qualified", paid.Sum(p => p.UsdNet), 0.08m, total, total, paid, [], [], []);

    [Fact]
    public void A_deal_paid_in_a_closed_quarter_and_refunded_now_is_clawed_back_at_the_recorded_rate()
    {
        var refunded = Inputs.Deal("D-9", 10_000m) with { CloseDate = new DateOnly(2026, 5, 3), Status = DealStatus.Refunded, RefundDate = new DateOnly(2026, 7, 20) };
        var data = new PartnerLakeData(Inputs.Reseller(), [refunded, Inputs.Deal("D-1", 1_000m)], []);

        var close = PartnerCloseAssembler.Compute(ProgramDefinitions.Reference, new PartnerCloseRequest
        {
            Data = data, Quarter = Inputs.Q3, Closed = [ClosedQ2(800m, new PaidDeal("D-9", 10_000m, 0.08m, false))],
        });

        var clawback = Assert.Single(close.Result.Lines, l => l.RuleId == RuleIds.Clawback);
        Assert.Equal(-800m, clawback.Amount);
        Assert.Equal([Q2], close.Input.History.Select(h => h.Quarter));
    }

    [Fact]
    public void Held_deals_stay_out_until_a_release_and_an_adjustment_adds_its_line()
    {
        var data = new PartnerLakeData(Inputs.Reseller(), [Inputs.Deal("D-1", 1_000m), Inputs.Deal("DUP", 5_000m)], []);
        PartnerClose Run(params CloseDecision[] decisions) => PartnerCloseAssembler.Compute(ProgramDefinitions.Reference,
            new PartnerCloseRequest { Data = data, Quarter = Inputs.Q3, HeldDealIds = ["DUP"], Decisions = decisions });

        Assert.Equal(80m, Run().Result.TotalEarned);
        Assert.Equal(480m, Run(new CloseDecision("RS-1", DecisionActions.Release, null, "ok", "ana")).Result.TotalEarned);
        Assert.Equal(80m, Run(new CloseDecision("*", DecisionActions.ExcludeHeld, null, "as computed", "ana")).Result.TotalEarned);
        Assert.Equal(70m, Run(new CloseDecision("RS-1", DecisionActions.Adjust, -10m, "fee", "ben")).Result.TotalEarned);
    }

    [Fact]
    public void A_closed_quarter_whose_data_changed_is_paid_the_difference_once()
    {
        var data = new PartnerLakeData(Inputs.Reseller(), [Inputs.Deal("C-1", 2_000m) with { CloseDate = new DateOnly(2026, 5, 4) }], []);
        var request = new PartnerCloseRequest { Data = data, Quarter = Inputs.Q3, Closed = [ClosedQ2(80m, new PaidDeal("C-1", 1_000m, 0.08m, false))], ChangedQuarters = [Q2] };

        var close = PartnerCloseAssembler.Compute(ProgramDefinitions.Reference, request);
        var line = Assert.Single(close.Result.Lines, l => l.RuleId == RuleIds.PriorPeriodAdjustment);
        Assert.Equal(80m, line.Amount);
        Assert.True(close.PriorPeriodReasons.ContainsKey(Q2));

        // The next quarter sees the adjustment recorded and pays nothing more for Q2.
        var q4 = PartnerCloseAssembler.Compute(ProgramDefinitions.Reference, request with
        {
            Quarter = Quarter.Parse("2026Q4"),
            Closed = [.. request.Closed, close.ToRecord()],
        });
        Assert.DoesNotContain(q4.Result.Lines, l => l.RuleId == RuleIds.PriorPeriodAdjustment);
    }
}
