using Pipeline.Domain;
using Pipeline.Domain.Close;
using Pipeline.Functions.Close;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Azure;
using Pipeline.Close;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Functions.Tests.Close;

[Collection(AzuriteFixture.Collection)]
public sealed class HoldAndDecisionTests(AzuriteFixture azurite)
{
    private static readonly Quarter Q3 = new(2026, 3);

    [Fact]
    public async Task A_duplicate_deal_holds_the_close_until_finance_decides_and_a_release_pays_the_held_deal()
    {
        await using var h = await CloseHarness.StartAsync(azurite.NewConnectionString());
        await TestConfig.SeedAsync(h.Storage, "r-1", "r-2");
        await h.DropAsync(
            ("r-1/deals/q3.csv", TestConfig.DealsCsv("A-1", "A-2", "DUP-1")),
            ("r-2/deals/q3.csv", TestConfig.DealsCsv("B-1", "DUP-1")));

        var waiting = await h.CloseAsync(Q3, new CloseRequest(Q3.ToString(), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)));
        Assert.Equal(OrchestrationRuntimeStatus.Running, waiting.RuntimeStatus);
        Assert.StartsWith("waiting for finance: 2 partner(s) held", waiting.ReadCustomStatusAs<string>());

        // Nobody decides: the reminder, then the escalation, are written where finance tooling looks; the close keeps waiting.
        var escalated = await Eventually.GetAsync(() => h.Blobs.ExistsAsync(ClosePaths.Notification(Q3, "escalation")), e => e, TimeSpan.FromSeconds(30));
        Assert.True(escalated);
        Assert.True(await h.Blobs.ExistsAsync(ClosePaths.Notification(Q3, "reminder")));
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await h.Closes.StatusAsync(Q3))!.RuntimeStatus);

        await h.Closes.DecideAsync(Q3, new CloseDecision("r-1", DecisionActions.Release, null, "checked: r-1 sold it", "ana"));
        var stillWaiting = await Eventually.GetAsync(() => h.Closes.StatusAsync(Q3), s => s!.ReadCustomStatusAs<string>()!.Contains("1 partner(s) held", StringComparison.Ordinal));
        Assert.Contains("r-2", stillWaiting!.ReadCustomStatusAs<string>(), StringComparison.Ordinal);
        await h.Closes.DecideAsync(Q3, new CloseDecision("r-2", DecisionActions.Adjust, -25m, "duplicate handling fee", "ben"));

        var done = await h.Closes.WaitAsync(Q3);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var results = (await h.Blobs.ReadAsync<BatchResults>(ClosePaths.Batch(Q3, 0)))!.Partners.ToDictionary(p => p.Result.PartnerId);
        // the paid deals are kept once, in the ledger record (the batch file's result leaves them out)
        Assert.Contains(results["r-1"].Record.PaidDeals, d => d.DealId == "DUP-1");
        Assert.DoesNotContain(results["r-2"].Record.PaidDeals, d => d.DealId == "DUP-1");
        Assert.NotEmpty(results["r-2"].Record.PaidDeals);
        Assert.Equal(["DUP-1"], results["r-2"].Result.HeldDealIds);
        Assert.Contains(results["r-2"].Result.Lines, l => l.RuleId == "finance-adjustment" && l.Amount == -25m);
        // r-1: three deals of 900 at 8%; r-2: one deal at 8% less the adjustment.
        Assert.Equal(216m, results["r-1"].Result.TotalEarned);
        Assert.Equal(47m, results["r-2"].Result.TotalEarned);

        var decisions = await new DecisionStore(h.Storage).ReadAsync(Q3);
        Assert.Equal([("r-1", "release", "ana"), ("r-2", "adjust", "ben")], decisions.Select(d => (d.Partner, d.Action, d.By)));
        Assert.All(decisions, d => Assert.NotEqual(default, d.At));
    }

    [Fact]
    public async Task Approve_all_settles_only_the_partners_still_waiting_and_leaves_an_earlier_release_paid()
    {
        await using var h = await CloseHarness.StartAsync(azurite.NewConnectionString());
        await TestConfig.SeedAsync(h.Storage, "r-1", "r-2");
        await h.DropAsync(
            ("r-1/deals/q3.csv", TestConfig.DealsCsv("A-1", "A-2", "DUP-1")),
            ("r-2/deals/q3.csv", TestConfig.DealsCsv("B-1", "DUP-1")));
        var waiting = await h.CloseAsync(Q3);
        Assert.StartsWith("waiting for finance: 2 partner(s) held", waiting.ReadCustomStatusAs<string>());

        await h.Closes.DecideAsync(Q3, new CloseDecision("r-1", DecisionActions.Release, null, "checked: r-1 sold it", "ana"));
        await Eventually.GetAsync(() => h.Closes.StatusAsync(Q3), s => s!.ReadCustomStatusAs<string>()!.Contains("1 partner(s) held", StringComparison.Ordinal));
        await h.Closes.ApproveAsync(Q3, "ben", "the rest as computed");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await h.Closes.WaitAsync(Q3)).RuntimeStatus);
        var results = (await h.Blobs.ReadAsync<BatchResults>(ClosePaths.Batch(Q3, 0)))!.Partners.ToDictionary(p => p.Result.PartnerId);
        // r-1 was released before the approve-all: its DUP-1 is paid (three deals of 900 at 8%); r-2 is paid without it.
        Assert.Contains(results["r-1"].Record.PaidDeals, d => d.DealId == "DUP-1");
        Assert.Equal(216m, results["r-1"].Result.TotalEarned);
        Assert.Equal(["DUP-1"], results["r-2"].Result.HeldDealIds);
        Assert.Equal(72m, results["r-2"].Result.TotalEarned);
    }

    [Fact]
    public async Task Clean_data_closes_without_findings_or_waiting()
    {
        await using var h = await CloseHarness.StartAsync(azurite.NewConnectionString());
        await TestConfig.SeedAsync(h.Storage, "r-1", "r-2");
        await h.DropAsync(("r-1/deals/q3.csv", TestConfig.DealsCsv("A-1", "A-2")), ("r-2/deals/q3.csv", TestConfig.DealsCsv("B-1")));

        var status = await h.CloseAsync(Q3);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        var findings = await h.Blobs.ReadAsync<List<Domain.Anomalies.AnomalyFinding>>(ClosePaths.Anomalies(Q3));
        Assert.Empty(findings!);
        Assert.Empty(await new DecisionStore(h.Storage).ReadAsync(Q3));
    }

    [Fact]
    public async Task Decisions_that_could_change_nothing_are_refused_with_the_reason_and_send_nothing()
    {
        await using var h = await CloseHarness.StartAsync(azurite.NewConnectionString());
        await TestConfig.SeedAsync(h.Storage, "r-1", "r-2");
        await h.DropAsync(
            ("r-1/deals/q3.csv", TestConfig.DealsCsv("A-1", "DUP-1")),
            ("r-2/deals/q3.csv", TestConfig.DealsCsv("B-1", "DUP-1")));
        var release = new CloseDecision("r-1", DecisionActions.Release, null, "checked", "ana");

        var early = await Assert.ThrowsAsync<CloseConflictException>(() => h.Closes.DecideAsync(Q3, release));
        Assert.Equal("The close of 2026Q3 has not started.", early.Message);

        await h.CloseAsync(Q3);
        var unknown = await Assert.ThrowsAsync<CloseConflictException>(() => h.Closes.DecideAsync(Q3, release with { Partner = "zz-9" }));
        Assert.Equal("The close of 2026Q3 is not waiting for a decision on 'zz-9' (held: r-1, r-2).", unknown.Message);

        await h.Closes.DecideAsync(Q3, release);
        // The same decision sent straight to the orchestration before it took the first (two clerks, one click each):
        // the close records one.
        await h.Durable.RaiseEventAsync(CloseOrchestrator.InstanceId(Q3.ToString()), CloseOrchestrator.DecisionEvent, release with { By = "bob" });
        await Eventually.GetAsync(() => h.Closes.StatusAsync(Q3), s => CloseClient.Waiting(s) is ["r-2"]);
        var twice = await Assert.ThrowsAsync<CloseConflictException>(() => h.Closes.DecideAsync(Q3, release));
        Assert.Equal("The close of 2026Q3 is not waiting for a decision on 'r-1' (held: r-2).", twice.Message);

        await h.Closes.ApproveAsync(Q3, "ana");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await h.Closes.WaitAsync(Q3)).RuntimeStatus);
        var late = await Assert.ThrowsAsync<CloseConflictException>(() => h.Closes.DecideAsync(Q3, release with { Partner = "r-2" }));
        Assert.StartsWith("The close of 2026Q3 is not waiting for finance (Completed: closed", late.Message, StringComparison.Ordinal);

        var again = await h.Closes.StartAsync(Q3);
        Assert.Equal(new CloseStart("close-2026Q3", false, false, OrchestrationRuntimeStatus.Completed), again);
        var decisions = await new DecisionStore(h.Storage).ReadAsync(Q3);
        Assert.Equal([("r-1", "release", "ana"), ("*", "exclude-held", "ana")], decisions.Select(d => (d.Partner, d.Action, d.By)));
    }

    [Fact]
    public async Task An_adjustment_above_the_programs_limit_is_paid_only_after_a_second_finance_user_confirms_it()
    {
        await using var h = await CloseHarness.StartAsync(azurite.NewConnectionString());
        await TestConfig.SeedAsync(h.Storage, "r-1", "r-2");
        await h.DropAsync(("r-1/deals/q3.csv", TestConfig.DealsCsv("A-1", "DUP-1")), ("r-2/deals/q3.csv", TestConfig.DealsCsv("B-1", "DUP-1")));
        await h.CloseAsync(Q3);

        await h.Closes.DecideAsync(Q3, new CloseDecision("r-2", DecisionActions.Adjust, 6_000m, "marketing fund", "ana"));
        var pending = await Eventually.GetAsync(() => h.Closes.StatusAsync(Q3), s => CloseClient.AwaitingConfirmation(s).Count == 1);
        Assert.Equal("ana", CloseClient.AwaitingConfirmation(pending)["r-2"]);
        await h.Closes.ApproveAsync(Q3, "ana");
        await Eventually.GetAsync(() => h.Closes.StatusAsync(Q3), s => CloseClient.Waiting(s) is ["r-2"]);

        var self = await Assert.ThrowsAsync<CloseConflictException>(() => h.Closes.DecideAsync(Q3, new CloseDecision("r-2", DecisionActions.Confirm, null, "ok", "ana")));
        Assert.Equal("The close of 2026Q3 cannot take this decision: the adjustment for 'r-2' was entered by ana; another finance user confirms it.", self.Message);
        // Sent straight to the orchestration, the same confirm is ignored: the close still waits.
        await h.Durable.RaiseEventAsync(CloseOrchestrator.InstanceId(Q3.ToString()), CloseOrchestrator.DecisionEvent, new CloseDecision("r-2", DecisionActions.Confirm, null, "ok", "ana"));
        await Task.Delay(1_000);
        Assert.Equal(["r-2"], CloseClient.Waiting(await h.Closes.StatusAsync(Q3)));

        await h.Closes.DecideAsync(Q3, new CloseDecision("r-2", DecisionActions.Confirm, null, "checked the agreement", "ben"));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await h.Closes.WaitAsync(Q3)).RuntimeStatus);
        var r2 = (await h.Blobs.ReadAsync<BatchResults>(ClosePaths.Batch(Q3, 0)))!.Partners.Single(p => p.Result.PartnerId == "r-2").Result;
        Assert.Contains(r2.Lines, l => l.RuleId == "finance-adjustment" && l.Amount == 6_000m);
        var decisions = await new DecisionStore(h.Storage).ReadAsync(Q3);
        Assert.Equal([("r-2", "adjust", "ana"), ("*", "exclude-held", "ana"), ("r-2", "confirm", "ben")], decisions.Select(d => (d.Partner, d.Action, d.By)));
    }

    [Fact]
    public async Task A_program_that_asks_for_it_publishes_nothing_until_finance_approves_the_quarters_totals()
    {
        await using var h = await CloseHarness.StartAsync(azurite.NewConnectionString());
        await TestConfig.SeedAsync(h.Storage, "r-1");
        var programs = h.App.Services.GetRequiredService<Pipeline.Terms.ProgramStore>();
        await programs.ImportAsync(Domain.Programs.ProgramDefinitions.ReadReferenceJson()
            .Replace("\"version\": \"2025.1\"", "\"version\": \"2026.3\"", StringComparison.Ordinal)
            .Replace("\"effectiveFrom\": \"2025Q1\"", "\"effectiveFrom\": \"2026Q3\"", StringComparison.Ordinal)
            .Replace("\"secondApproverAbove\": 5000", "\"secondApproverAbove\": 5000, \"approveTotals\": true", StringComparison.Ordinal), "ana");
        await programs.ApproveAsync("2026.3", "ben");
        await h.DropAsync(("r-1/deals/q3.csv", TestConfig.DealsCsv("A-1", "A-2")));

        var waiting = await h.CloseAsync(Q3);
        Assert.Equal("waiting for finance: totals approval (1 partner(s), total earned 144.00 USD)", CloseClient.CustomStatus(waiting));
        Assert.Empty(await h.SnapshotAsync(Names.Statements, $"{Q3}/"));
        var release = await Assert.ThrowsAsync<CloseConflictException>(() => h.Closes.DecideAsync(Q3, new CloseDecision("r-1", DecisionActions.Release, null, "x", "ana")));
        Assert.Equal("The close of 2026Q3 waits for the approval of its totals (approve-totals); no payout is held.", release.Message);

        await h.Closes.ApproveTotalsAsync(Q3, "carla");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await h.Closes.WaitAsync(Q3)).RuntimeStatus);
        Assert.NotEmpty(await h.SnapshotAsync(Names.Statements, $"{Q3}/"));
        var decisions = await new DecisionStore(h.Storage).ReadAsync(Q3);
        Assert.Equal([("*", "approve-totals", "carla")], decisions.Select(d => (d.Partner, d.Action, d.By)));
    }
}
