using Pipeline.Domain;
using Pipeline.Dev.Samples;
using Microsoft.DurableTask.Client;
using Pipeline.Azure;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Functions.Tests.Close;

[Collection(AzuriteFixture.Collection)]
public sealed class CloseRestartTests(AzuriteFixture azurite)
{
    private static readonly Quarter Q4 = new(2025, 4);

    [Fact]
    public async Task A_close_interrupted_by_a_host_stop_completes_after_restart_with_the_same_statements_and_lake()
    {
        var reference = azurite.NewConnectionString();
        await using (var h = await CloseHarness.StartAsync(reference))
        {
            await IngestAsync(h);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, (await h.CloseAsync(Q4)).RuntimeStatus);
        }

        var interrupted = azurite.NewConnectionString();
        await using (var h = await CloseHarness.StartAsync(interrupted, ShortVisibility))
        {
            await IngestAsync(h);
            await h.Closes.StartAsync(Q4);
            var midway = await Eventually.GetAsync(() => h.Closes.StatusAsync(Q4), s => s is not null);
            Assert.NotEqual(OrchestrationRuntimeStatus.Completed, midway!.RuntimeStatus);
        }

        await using var restarted = await CloseHarness.StartAsync(interrupted, ShortVisibility);
        var done = await restarted.SettledAsync(Q4);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);

        await using var check = await CloseHarness.StartAsync(reference);
        Assert.Equal(await check.SnapshotAsync(Names.Statements), await restarted.SnapshotAsync(Names.Statements));
        Assert.Equal(await check.SnapshotAsync(Names.Lake, "payouts/"), await restarted.SnapshotAsync(Names.Lake, "payouts/"));
        Assert.Equal(await check.SnapshotAsync(Names.Lake, "payout_lines/"), await restarted.SnapshotAsync(Names.Lake, "payout_lines/"));
    }

    /// <summary>Work a stopped host held reappears within seconds (the default is minutes, as in Azure).</summary>
    private static readonly Dictionary<string, string?> ShortVisibility = new() { ["Pipeline:Host:DurableVisibility"] = "00:00:10" };

    private static async Task IngestAsync(CloseHarness h)
    {
        var files = new SampleDataGenerator().Generate();
        foreach (var f in files.Where(f => f.Container == Names.Config))
            await h.Storage.Container(Names.Config).GetBlobClient(f.BlobName).UploadAsync(BinaryData.FromBytes(f.Content), overwrite: true);
        await h.DropAsync([.. files.Where(f => f.Container == Names.Drops).Select(f => (f.BlobName, f.Text))]);
    }
}
