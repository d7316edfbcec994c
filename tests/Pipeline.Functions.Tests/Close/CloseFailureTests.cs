using Azure.Storage.Blobs.Specialized;
using Microsoft.DurableTask.Client;
using Pipeline.Domain;
using Pipeline.Functions.Close;
using Pipeline.Azure;
using Pipeline.Close;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Functions.Tests.Close;

/// <summary>
/// A close whose activity keeps failing ends Failed, saying where, after how many attempts and why (never a silent
/// loop), and once the cause is gone a new start resumes it: the outputs equal an uninterrupted close's and nothing is
/// recorded twice.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class CloseFailureTests(AzuriteFixture azurite)
{
    private static readonly Quarter Q3 = new(2026, 3);

    private static async Task SeedAsync(CloseHarness h)
    {
        await TestConfig.SeedAsync(h.Storage, "r-1", "r-2");
        await h.DropAsync(("r-1/deals/q3.csv", TestConfig.DealsCsv("A-1", "A-2")), ("r-2/deals/q3.csv", TestConfig.DealsCsv("B-1")));
    }

    [Fact]
    public async Task A_close_whose_activity_always_fails_ends_Failed_with_its_retries_and_a_new_start_resumes_it()
    {
        SortedDictionary<string, byte[]> expected;
        await using (var reference = await CloseHarness.StartAsync(azurite.NewConnectionString()))
        {
            await SeedAsync(reference);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, (await reference.CloseAsync(Q3)).RuntimeStatus);
            expected = await reference.SnapshotAsync(Names.Statements);
        }

        await using var h = await CloseHarness.StartAsync(azurite.NewConnectionString());
        await SeedAsync(h);
        // Another tool holds a lease on r-2's statement: every write of it fails until the lease is broken.
        var locked = h.Storage.Container(Names.Statements).GetBlobClient($"{Q3}/r-2/statement.pdf");
        await locked.UploadAsync(BinaryData.FromString("locked"));
        var lease = locked.GetBlobLeaseClient();
        await lease.AcquireAsync(TimeSpan.FromSeconds(-1));

        await h.Closes.StartAsync(Q3);
        var failed = await Eventually.GetAsync(() => h.Closes.StatusAsync(Q3),
            s => s?.RuntimeStatus is OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Completed, TimeSpan.FromSeconds(90));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed!.RuntimeStatus);
        var described = CloseClient.Describe(failed);
        Assert.StartsWith($"Failed: failed while statements 0/2: {CloseActivities.Statements} failed after {CloseOrchestrator.Retry.MaxNumberOfAttempts} attempts:", described, StringComparison.Ordinal);
        Assert.Contains("lease", described, StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(failed.FailureDetails);
        Assert.Null(await new ClosedQuarterLedger(h.Storage).FindAsync(Q3));

        await lease.BreakAsync(TimeSpan.Zero);
        var resumed = await h.Closes.StartAsync(Q3);
        Assert.Equal(new CloseStart("close-2026Q3", true, true, OrchestrationRuntimeStatus.Failed), resumed);
        var done = await h.Closes.WaitAsync(Q3);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var actual = await h.SnapshotAsync(Names.Statements);
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (name, bytes) in expected) Assert.True(bytes.AsSpan().SequenceEqual(actual[name]), $"statements/{name} differs");
        Assert.Equal(2, Assert.Single(await new ClosedQuarterLedger(h.Storage).AllAsync()).Partners);
    }
}
