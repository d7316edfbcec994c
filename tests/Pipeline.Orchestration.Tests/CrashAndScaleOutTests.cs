using Azure.Data.Tables;
using Pipeline.Orchestration.CrashWorker;
using Pipeline.Orchestration.History;
using Pipeline.Orchestration.Storage;
using Pipeline.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Pipeline.Orchestration.Tests;

[Collection(AzuriteFixture.Collection)]
public sealed class CrashAndScaleOutTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task A_worker_killed_20_times_still_completes_with_every_effect_applied_once()
    {
        const int activities = 200;
        var (connection, storage, client, tables) = await NewHubAsync();
        var uninterrupted = await RunUninterruptedAsync(activities);
        await client.ScheduleNewAsync(CrashWorkload.Orchestrator, "crash-1", activities);

        var random = new Random(20261123);
        for (var kill = 0; kill < 20; kill++)
        {
            using var worker = WorkerProcess.Start(connection, $"w{kill}", visibilitySeconds: 2);
            await Task.Delay(random.Next(400, 1800));
            await worker.KillAsync();
        }

        using (WorkerProcess.Start(connection, "final", visibilitySeconds: 2))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            var status = await client.WaitForCompletionAsync("crash-1", timeout.Token);

            Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
            Assert.Equal(uninterrupted, status.ReadOutput<string>());
        }

        var sink = await tables.GetTableClient(CrashWorkload.SinkTable).QueryAsync<TableEntity>(e => e.PartitionKey == "crash-1").ToListAsync();
        Assert.Equal(Enumerable.Range(0, activities).Select(i => i.ToString("D4")), sink.Select(e => e.RowKey).Order());
        Assert.All(sink, e => Assert.Equal(CrashWorkload.Value(int.Parse(e.RowKey)), e.GetString("Value")));
        var history = await storage.History.LoadAsync("crash-1");
        var completed = history.Events.Where(e => e.Kind == HistoryEventKind.TaskCompleted).Select(e => e.TaskId).ToList();
        Assert.Equal(activities, completed.Count);
        Assert.Equal(activities, completed.Distinct().Count());
        var attempts = await tables.GetTableClient(CrashWorkload.AttemptsTable).QueryAsync<TableEntity>(e => e.PartitionKey == "crash-1").CountAsync();
        output.WriteLine($"{attempts} activity executions for {activities} activities (re-executions absorbed by the sink: {attempts - activities})");
    }

    [Fact]
    public async Task Three_worker_processes_share_the_work_and_advance_each_instance_one_at_a_time()
    {
        const int instances = 5;
        const int activities = 40;
        var (connection, _, client, tables) = await NewHubAsync();
        var workers = Enumerable.Range(1, 3).Select(i => WorkerProcess.Start(connection, $"w{i}", visibilitySeconds: 5)).ToList();
        try
        {
            var ids = Enumerable.Range(0, instances).Select(i => $"scale-{i}").ToList();
            foreach (var id in ids) await client.ScheduleNewAsync(CrashWorkload.Orchestrator, id, activities);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            foreach (var id in ids)
            {
                var status = await client.WaitForCompletionAsync(id, timeout.Token);
                Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
                Assert.Equal(CrashWorkload.ExpectedOutput(activities), status.ReadOutput<string>());
            }
        }
        finally
        {
            foreach (var w in workers) w.Dispose();
        }

        var episodes = await tables.GetTableClient(CrashWorkload.EpisodesTable).QueryAsync<TableEntity>().ToListAsync();
        var committed = episodes.Where(e => e.GetString("ETagAfter") is not null).ToList();
        foreach (var instance in committed.GroupBy(e => e.PartitionKey))
        {
            // One at a time: every committed episode started from the state the previous one left, so the episodes
            // form a single chain of sentinel ETags (two episodes committed from the same state would be a fork).
            var byBefore = instance.GroupBy(e => e.GetString("ETagBefore") ?? "").ToDictionary(g => g.Key, g => g.Count());
            Assert.All(byBefore, kv => Assert.Equal(1, kv.Value));
            var next = instance.ToDictionary(e => e.GetString("ETagBefore") ?? "", e => e.GetString("ETagAfter")!);
            var length = 0;
            for (var etag = ""; next.TryGetValue(etag, out var after); etag = after) length++;
            Assert.Equal(instance.Count(), length);
        }

        var sink = await tables.GetTableClient(CrashWorkload.SinkTable).QueryAsync<TableEntity>().CountAsync();
        Assert.Equal(instances * activities, sink);
        var workersUsed = committed.Select(e => e.GetString("Worker")).Distinct().Count();
        Assert.True(workersUsed >= 2, $"only {workersUsed} worker(s) committed episodes");
        output.WriteLine($"{committed.Count} committed episodes by {workersUsed} workers; {episodes.Count - committed.Count} lost the ETag race and were put back");
    }

    private async Task<(string Connection, OrchestrationStorage Storage, OrchestrationClient Client, TableServiceClient Tables)> NewHubAsync()
    {
        var connection = azurite.NewConnectionString();
        var tables = new TableServiceClient(connection);
        await CrashWorkload.EnsureTablesAsync(tables);
        var storage = new OrchestrationStorage(connection, CrashWorkload.Options);
        await storage.EnsureCreatedAsync();
        return (connection, storage, new OrchestrationClient(storage) { PollInterval = TimeSpan.FromMilliseconds(100) }, tables);
    }

    /// <summary>The same workload run in-process without interruption: the reference output.</summary>
    private async Task<string?> RunUninterruptedAsync(int activities)
    {
        var connection = azurite.NewConnectionString();
        var tables = new TableServiceClient(connection);
        await CrashWorkload.EnsureTablesAsync(tables);
        await using var hub = await TestHub.StartAsync(azurite, r => CrashWorkload.Register(r, tables));
        var status = await hub.RunAsync(CrashWorkload.Orchestrator, "reference", activities);
        Assert.Equal(CrashWorkload.ExpectedOutput(activities), status.ReadOutput<string>());
        return status.ReadOutput<string>();
    }
}
