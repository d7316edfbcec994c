using Pipeline.Domain.Close;
using Pipeline.Domain.Programs;
using Xunit;

namespace Pipeline.Domain.Tests.Close;

public sealed class FinanceDecisionsTests
{
    private static readonly ApprovalRules Limit5000 = new(5_000m);

    private static CloseDecision Adjust(string partner, decimal amount, string by) => new(partner, DecisionActions.Adjust, amount, "fee", by);

    private static CloseDecision Confirm(string partner, string by) => new(partner, DecisionActions.Confirm, null, "checked the invoice", by);

    [Fact]
    public void An_adjustment_above_the_limit_keeps_the_partner_waiting_until_another_finance_user_confirms_it()
    {
        var state = new FinanceDecisions(["r-1", "r-2", "r-3"], Limit5000);

        state.Apply(Adjust("r-2", -6_000m, "ana"));
        state.Apply(Adjust("r-3", -5_000m, "ana")); // at the limit: no second approver

        Assert.Equal(["r-1", "r-2"], state.Waiting);
        Assert.Equal("r-2 by ana", state.Confirming());
        Assert.Equal("the adjustment for 'r-2' was entered by ana; another finance user confirms it", state.Refusal(Confirm("r-2", "ANA")));
        Assert.Equal("the adjustment for 'r-2' entered by ana waits for a second approver to confirm it",
            state.Refusal(new CloseDecision("r-2", DecisionActions.Release, null, "ok", "ben")));
        Assert.Equal("no adjustment for 'r-1' waits for a second approver", state.Refusal(Confirm("r-1", "ben")));

        // Approve-all settles everyone else, never an adjustment waiting for its second approver.
        state.Apply(new CloseDecision(DecisionActions.AllPartners, DecisionActions.ExcludeHeld, null, "as computed", "ben"));
        Assert.Equal(["r-2"], state.Waiting);
        Assert.StartsWith("every partner still held waits", state.Refusal(new CloseDecision(DecisionActions.AllPartners, DecisionActions.ExcludeHeld, null, "x", "ben")), StringComparison.Ordinal);

        Assert.Null(state.Refusal(Confirm("r-2", "ben")));
        state.Apply(Confirm("r-2", "ben"));
        Assert.Empty(state.Waiting);
    }

    [Fact]
    public void Only_confirmed_adjustments_above_the_limit_are_paid()
    {
        var big = Adjust("r-2", -6_000m, "ana");
        var small = Adjust("r-2", 100m, "ana");

        Assert.Equal([small], FinanceDecisions.PaidAdjustments([big, small], "r-2", Limit5000));
        Assert.Equal([small], FinanceDecisions.PaidAdjustments([big, small, Confirm("r-2", "ana")], "r-2", Limit5000));
        Assert.Equal([small], FinanceDecisions.PaidAdjustments([Confirm("r-2", "ben"), big, small], "r-2", Limit5000));
        Assert.Equal([big, small], FinanceDecisions.PaidAdjustments([big, small, Confirm("r-2", "ben")], "r-2", Limit5000));
        Assert.Equal([big, small], FinanceDecisions.PaidAdjustments([big, small], "r-2", ApprovalRules.None));
        Assert.Equal(new ApprovalRules(5_000m), ProgramDefinitions.Reference.Approvals);
    }
}
