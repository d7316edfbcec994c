using System.Text;
using Pipeline.Domain;
using Pipeline.Functions.Close;
using Microsoft.DurableTask.Client;
using Pipeline.Azure;
using Pipeline.Close;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Functions.Tests.Close;

[Collection(AzuriteFixture.Collection)]
public sealed class CorrectionAndRerunTests(AzuriteFixture azurite)
{
    private static readonly Quarter Q2 = new(2026, 2);
    private static readonly Quarter Q3 = new(2026, 3);

    [Fact]
    public async Task A_rerun_changes_nothing_and_a_late_correction_becomes_a_prior_period_adjustment_next_quarter()
    {
        await using var h = await CloseHarness.StartAsync(azurite.NewConnectionString());
        await TestConfig.SeedAsync(h.Storage, "r-1");
        await h.DropAsync(("r-1/deals/q2.csv", Deals(("C-1", "2026-05-04", 1000m), ("C-2", "2026-06-10", 900m))));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await h.CloseAsync(Q2)).RuntimeStatus);
        var statements = await h.SnapshotAsync(Names.Statements, $"{Q2}/");
        var lake = await h.SnapshotAsync(Names.Lake, "payouts/");
        var ledger = await new ClosedQuarterLedger(h.Storage).FindAsync(Q2);

        // Run the closed quarter again (a fresh instance): it finds the quarter in the ledger and changes nothing.
        await h.Durable.PurgeInstanceAsync(CloseOrchestrator.InstanceId(Q2.ToString()));
        var rerun = await h.CloseAsync(Q2);
        Assert.True(rerun.ReadOutputAs<CloseOutcome>()!.AlreadyClosed);
        Assert.Equal(statements, await h.SnapshotAsync(Names.Statements, $"{Q2}/"));
        Assert.Equal(lake, await h.SnapshotAsync(Names.Lake, "payouts/"));
        Assert.Equal(ledger, await new ClosedQuarterLedger(h.Storage).FindAsync(Q2));

        // After Q2 closed, r-1 corrects C-1 (net 1,000 → 2,000) and drops its Q3 deals.
        await h.DropAsync(
            ("r-1/deals/q2-correction.csv", Deals(("C-1", "2026-05-04", 2000m))),
            ("r-1/deals/q3.csv", Deals(("D-1", "2026-08-01", 500m))));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await h.CloseAsync(Q3)).RuntimeStatus);

        var r1 = (await h.Blobs.ReadAsync<BatchResults>(ClosePaths.Batch(Q3, 0)))!.Partners.Single().Result;
        var adjustment = Assert.Single(r1.Lines, l => l.RuleId == "prior-period-adjustment");
        Assert.Equal(80m, adjustment.Amount);   // 1,000 more revenue in the 8% band
        Assert.Contains("2026Q2", adjustment.Description, StringComparison.Ordinal);
        Assert.Equal(40m + 80m, r1.TotalEarned);
        var csv = Encoding.UTF8.GetString((await h.SnapshotAsync(Names.Statements, $"{Q3}/r-1/"))[$"{Q3}/r-1/lines.csv"]);
        Assert.Contains("prior-period-adjustment", csv, StringComparison.Ordinal);
        Assert.Equal(statements, await h.SnapshotAsync(Names.Statements, $"{Q2}/"));
        Assert.Equal(lake[$"payouts/quarter={Q2}/part-0000.parquet"], (await h.SnapshotAsync(Names.Lake, $"payouts/quarter={Q2}/"))[$"payouts/quarter={Q2}/part-0000.parquet"]);
    }

    private static string Deals(params (string Id, string Date, decimal Net)[] deals) =>
        TestConfig.DealsHeader + "\n" + string.Concat(deals.Select(d =>
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{d.Id},{d.Date},C-1,Suite,1,{d.Net + 100m:0.00},{d.Net:0.00},USD,won,\n")));
}
