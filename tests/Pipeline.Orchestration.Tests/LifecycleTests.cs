using Pipeline.Orchestration.History;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Orchestration.Tests;

[Collection(AzuriteFixture.Collection)]
public sealed class LifecycleTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task ContinueAsNew_restarts_with_the_new_input_and_a_fresh_history()
    {
        await using var hub = await TestHub.StartAsync(azurite, r => r
            .AddActivity<int, int>("Inc", i => i + 1)
            .AddOrchestrator("Counter", async ctx =>
            {
                var n = ctx.GetInput<int>();
                if (n >= 5) return n;
                ctx.ContinueAsNew(await ctx.CallActivityAsync<int>("Inc", n));
                return -1;
            }));

        var first = await hub.Client.ScheduleNewAsync("Counter", "can-1", 0);
        var status = await hub.WaitAsync("can-1");

        Assert.Equal(5, status.ReadOutput<int>());
        Assert.NotEqual(first.ExecutionId, status.ExecutionId);
        var history = await hub.Storage.History.LoadAsync("can-1");
        Assert.Single(history.Events, e => e.Kind == HistoryEventKind.ExecutionStarted);
        Assert.DoesNotContain(history.Events, e => e.Kind == HistoryEventKind.TaskScheduled);
    }

    [Fact]
    public async Task Purge_removes_one_instance_or_those_matching_a_filter()
    {
        await using var hub = await TestHub.StartAsync(azurite, r => r
            .AddOrchestrator("Quick", ctx => Task.FromResult(ctx.GetInput<int>()))
            .AddOrchestrator("Waiting", async ctx => await ctx.WaitForExternalEvent<int>("never")));
        await hub.RunAsync("Quick", "purge-a", 1);
        await hub.RunAsync("Quick", "purge-b", 2);
        await hub.RunAsync("Quick", "purge-c", 3);
        await hub.Client.ScheduleNewAsync("Waiting", "purge-running");
        await hub.WaitUntilAsync("purge-running", s => s.RuntimeStatus == OrchestrationRuntimeStatus.Running);

        Assert.True(await hub.Client.PurgeAsync("purge-a"));
        Assert.False(await hub.Client.PurgeAsync("purge-a"));
        Assert.Null(await hub.Client.GetStatusAsync("purge-a"));
        Assert.Empty((await hub.Storage.History.LoadAsync("purge-a")).Events);

        var completed = new InstanceFilter { Statuses = [OrchestrationRuntimeStatus.Completed], CreatedBefore = DateTime.UtcNow.AddMinutes(1) };
        Assert.Equal(2, await hub.Client.QueryAsync(completed).CountAsync());
        Assert.Equal(2, await hub.Client.PurgeAsync(completed));

        var left = await hub.Client.QueryAsync().Select(s => s.InstanceId).ToListAsync();
        Assert.Equal(["purge-running"], left);
    }

    [Fact]
    public async Task Query_filters_by_status_and_creation_time()
    {
        await using var hub = await TestHub.StartAsync(azurite, r => r
            .AddOrchestrator("Quick", ctx => Task.FromResult(1))
            .AddOrchestrator("Waiting", async ctx => await ctx.WaitForExternalEvent<int>("never")));
        var before = DateTime.UtcNow.AddSeconds(-1);
        await hub.RunAsync("Quick", "q-done");
        await hub.Client.ScheduleNewAsync("Waiting", "q-waiting");
        await hub.WaitUntilAsync("q-waiting", s => s.RuntimeStatus == OrchestrationRuntimeStatus.Running);

        var running = await hub.Client.QueryAsync(new InstanceFilter { Statuses = [OrchestrationRuntimeStatus.Running] }).Select(s => s.InstanceId).ToListAsync();
        var recent = await hub.Client.QueryAsync(new InstanceFilter { CreatedFrom = before }).CountAsync();
        var future = await hub.Client.QueryAsync(new InstanceFilter { CreatedFrom = DateTime.UtcNow.AddHours(1) }).CountAsync();

        Assert.Equal(["q-waiting"], running);
        Assert.Equal(2, recent);
        Assert.Equal(0, future);
    }
}
