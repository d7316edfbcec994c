using Pipeline.Orchestration.History;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Orchestration.Tests;

[Collection(AzuriteFixture.Collection)]
public sealed class FanOutTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Fan_out_of_1000_activities_fans_in_every_result_once()
    {
        await using var hub = await TestHub.StartAsync(azurite, r => r
            .AddActivity<int, long>("Square", i => (long)i * i)
            .AddOrchestrator("SumOfSquares", async ctx =>
            {
                var n = ctx.GetInput<int>();
                var results = await Task.WhenAll(Enumerable.Range(1, n).Select(i => ctx.CallActivityAsync<long>("Square", i)));
                return results.Sum();
            }));

        var status = await hub.RunAsync("SumOfSquares", "fan-1000", 1000, timeoutSeconds: 90);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        Assert.Equal(Enumerable.Range(1, 1000).Sum(i => (long)i * i), status.ReadOutput<long>());
        var history = await hub.Storage.History.LoadAsync("fan-1000");
        var completions = history.Events.Where(e => e.Kind == HistoryEventKind.TaskCompleted).Select(e => e.TaskId).ToList();
        Assert.Equal(1000, completions.Count);
        Assert.Equal(1000, completions.Distinct().Count());
    }

    [Fact]
    public async Task Sub_orchestrations_return_their_output_to_the_parent()
    {
        await using var hub = await TestHub.StartAsync(azurite, r => r
            .AddActivity<int, int>("Double", i => i * 2)
            .AddOrchestrator("Child", async ctx => await ctx.CallActivityAsync<int>("Double", ctx.GetInput<int>()))
            .AddOrchestrator("Parent", async ctx =>
            {
                var named = await ctx.CallSubOrchestratorAsync<int>("Child", "child-named", 5);
                var batch = await Task.WhenAll(Enumerable.Range(1, 4).Select(i => ctx.CallSubOrchestratorAsync<int>("Child", input: i)));
                return named + batch.Sum();
            }));

        var status = await hub.RunAsync("Parent", "parent-1");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        Assert.Equal(10 + 20, status.ReadOutput<int>());
        var child = await hub.Client.GetStatusAsync("child-named");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, child!.RuntimeStatus);
        Assert.Equal("parent-1", child.ParentInstanceId);
    }

    [Fact]
    public async Task A_parent_started_again_reruns_a_child_with_a_fixed_id_that_already_completed()
    {
        var runs = 0;
        await using var hub = await TestHub.StartAsync(azurite, r => r
            .AddActivity<int, int>("Count", _ => Interlocked.Increment(ref runs))
            .AddOrchestrator("Child", async ctx => await ctx.CallActivityAsync<int>("Count", 0))
            .AddOrchestrator("Parent", async ctx => await ctx.CallSubOrchestratorAsync<int>("Child", "fixed-child")));

        var first = await hub.RunAsync("Parent", "parent-again");
        var again = await hub.Client.ScheduleNewAsync("Parent", "parent-again", options: new ScheduleOptions { ReplaceExisting = true });
        var second = await hub.WaitUntilAsync("parent-again", s => s.ExecutionId == again.ExecutionId && s.RuntimeStatus.IsTerminal());

        Assert.Equal(1, first.ReadOutput<int>());
        Assert.Equal(2, second.ReadOutput<int>());
    }

    [Fact]
    public async Task A_failing_sub_orchestration_surfaces_in_the_parent_with_its_details()
    {
        await using var hub = await TestHub.StartAsync(azurite, r => r
            .AddActivity<int, int>("Explode", _ => Task.FromException<int>(new InvalidOperationException("boom in child")))
            .AddOrchestrator("Child", async ctx => await ctx.CallActivityAsync<int>("Explode", 1))
            .AddOrchestrator("Parent", async ctx =>
            {
                try
                {
                    return await ctx.CallSubOrchestratorAsync<int>("Child");
                }
                catch (SubOrchestrationFailedException e)
                {
                    return e.FailureDetails.InnerFailure?.ErrorMessage == "boom in child" ? -1 : -2;
                }
            }));

        var status = await hub.RunAsync("Parent", "parent-fail");

        Assert.Equal(-1, status.ReadOutput<int>());
    }
}
