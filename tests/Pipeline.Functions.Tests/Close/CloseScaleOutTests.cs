using System.Diagnostics;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Domain;
using Pipeline.Azure;
using Pipeline.Close;
using Pipeline.Dev.CrossChecks;
using Pipeline.Ingest;
using Pipeline.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Pipeline.Functions.Tests.Close;

/// <summary>Three host processes on one task hub, as three instances of the app in Azure: the close runs once, its
/// activities spread over the hosts, and its outputs equal those of a close on one host.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class CloseScaleOutTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static readonly Quarter Q4 = new(2025, 4);
    private const int Partners = 150;

    [Fact]
    public async Task Three_hosts_sharing_one_task_hub_complete_a_close_once_with_the_outputs_of_one_host()
    {
        var clock = Stopwatch.StartNew();
        var reference = azurite.NewConnectionString();
        var shared = azurite.NewConnectionString();
        var generated = new GeneratedCloseQuarter(Q4, Partners, 6_000);
        await using (var r = await TestApp.StartAsync(reference, triggers: false))
        await using (var s = await TestApp.StartAsync(shared, triggers: false))
        {
            await Task.WhenAll(
                generated.SeedAsync(r.Storage, r.Get<AuditLedger>(), r.Get<DropReceiver>(), CloseSeedPath.FileLevel, parallelism: 16),
                generated.SeedAsync(s.Storage, s.Get<AuditLedger>(), s.Get<DropReceiver>(), CloseSeedPath.FileLevel, parallelism: 16));
        }

        SortedDictionary<string, byte[]> expected;
        await using (var r = await CloseHarness.StartAsync(reference))
        {
            Assert.Equal(OrchestrationRuntimeStatus.Completed, (await r.CloseAsync(Q4, timeout: TimeSpan.FromSeconds(180))).RuntimeStatus);
            expected = await r.SnapshotAsync(Names.Statements);
        }

        await using var client = await TestApp.StartAsync(shared, triggers: false);
        var hosts = Enumerable.Range(1, 3).Select(i => HostProcess.Start(shared, workerId: $"host-{i}")).ToList();
        try
        {
            var started = clock.Elapsed;
            // The same close started three times at once (each host's timer firing would): the starts race on the
            // instance table and more than one may schedule it; the hub must still end with one completed close-2025Q4 and
            // the outputs and ledger of a single close (checked below).
            var starts = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => client.Closes.StartAsync(Q4)));
            Assert.Contains(starts, s => s.Created);
            output.WriteLine($"starts that scheduled the instance: {starts.Count(s => s.Created)} of 3");
            var done = await Eventually.GetAsync(() => client.Closes.StatusAsync(Q4),
                s => s?.RuntimeStatus is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed, TimeSpan.FromSeconds(240));
            output.WriteLine($"close on three hosts: {(clock.Elapsed - started).TotalSeconds:0.0} s, {done?.RuntimeStatus}");
            Assert.True(done?.RuntimeStatus == OrchestrationRuntimeStatus.Completed,
                $"{Functions.Close.CloseClient.Describe(done)}; host output: {string.Join(" | ", HostProcess.Output.TakeLast(20))}");
            Assert.All(hosts, h => Assert.False(h.HasExited, "a host process exited during the close"));
        }
        finally
        {
            foreach (var h in hosts)
            {
                h.Kill(entireProcessTree: true);
                await h.WaitForExitAsync();
                h.Dispose();
            }
        }

        var actual = await BlobSnapshot.TakeAsync(client.Storage, Names.Statements);
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (name, bytes) in expected) Assert.True(bytes.AsSpan().SequenceEqual(actual[name]), $"statements/{name} differs");
        Assert.Equal(Partners, Assert.Single(await new ClosedQuarterLedger(client.Storage).AllAsync()).Partners);
        var instances = new List<OrchestrationMetadata>();
        await foreach (var i in client.Get<DurableTaskClient>().GetAllInstancesAsync(new OrchestrationQuery())) instances.Add(i);
        Assert.Equal(["close-2025Q4"], instances.Select(i => i.InstanceId));
    }
}
