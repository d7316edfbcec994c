using System.Diagnostics;
using Azure.Storage.Blobs;
using Pipeline.Azure;
using Pipeline.Ingest;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Functions.Tests;

/// <summary>The function app as its own OS process, killed without warning while drops arrive.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class HostRestartTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Drops_uploaded_while_the_host_is_killed_and_restarted_each_reach_raw_exactly_once()
    {
        var connection = azurite.NewConnectionString();
        var storage = new StorageAccount(connection);
        await storage.EnsureCreatedAsync();
        await TestConfig.SeedAsync(storage, "p-0", "p-1", "p-2");
        var drops = new BlobServiceClient(connection).GetBlobContainerClient(Names.Drops);
        var random = new Random(20261123);
        const int files = 24;

        var host = HostProcess.Start(connection);
        try
        {
            for (var i = 0; i < files; i++)
            {
                await drops.GetBlobClient($"p-{i % 3}/deals/file-{i:D2}.csv").UploadAsync(BinaryData.FromString(TestConfig.DealsCsv($"D-{i}")));
                await Task.Delay(random.Next(20, 150));
                if (i % 6 == 5)
                {
                    host.Kill(entireProcessTree: true); // SIGKILL: no shutdown, messages in flight stay hidden
                    await host.WaitForExitAsync();
                    host.Dispose();
                    host = HostProcess.Start(connection);
                }
            }

            // Generous: each restart is a cold start of a .NET process, slow on a loaded 2-core machine.
            var rows = await Eventually.GetAsync(() => TestAudit.AllAsync(storage), r => r.Count >= files, TimeSpan.FromSeconds(180));
            await Task.Delay(1500); // any duplicate announcement would land now

            rows = await TestAudit.AllAsync(storage);
            var missing = Enumerable.Range(0, files).Select(i => $"p-{i % 3}/deals/file-{i:D2}.csv").Except(rows.Select(r => r.Path)).ToList();
            Assert.True(missing.Count == 0, $"not received: {string.Join(", ", missing)}; host output: {string.Join(" | ", HostProcess.Output.TakeLast(20))}");
            Assert.Equal(files, rows.Count);
            Assert.Equal(files, rows.Select(r => r.Path).Distinct().Count());
            Assert.All(rows, r => Assert.Equal(AuditOutcomes.Accepted, r.Outcome));
            Assert.Equal(files, storage.Container(Names.Raw).GetBlobs().Count());
            Assert.Null((await storage.Queue(Names.DropEventsQueue + "-poison").PeekMessageAsync()).Value);
        }
        finally
        {
            host.Kill(entireProcessTree: true);
            host.Dispose();
        }
    }
}
