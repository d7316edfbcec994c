using Pipeline.Testing;
using Xunit;

namespace Pipeline.Orchestration.Tests;

[Collection(AzuriteFixture.Collection)]
public sealed class SequenceTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Activities_called_in_sequence_pass_each_result_to_the_next()
    {
        await using var hub = await TestHub.StartAsync(azurite, r => r
            .AddActivity<string, string>("Greet", name => $"Hello {name}")
            .AddOrchestrator("Greetings", async ctx =>
            {
                var input = ctx.GetInput<string>();
                var first = await ctx.CallActivityAsync<string>("Greet", input);
                var second = await ctx.CallActivityAsync<string>("Greet", first);
                ctx.SetCustomStatus(new { step = "done" });
                return await ctx.CallActivityAsync<string>("Greet", second);
            }));

        var status = await hub.RunAsync("Greetings", "seq-1", "Ada");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        Assert.Equal("Hello Hello Hello Ada", status.ReadOutput<string>());
        Assert.Equal("Ada", status.ReadInput<string>());
        Assert.Contains("done", status.CustomStatus, StringComparison.Ordinal);
        Assert.True(status.LastUpdatedAt >= status.CreatedAt);
        Assert.Equal("Greetings", status.Name);
    }

    [Fact]
    public async Task Starting_an_existing_id_returns_the_existing_instance_unless_replacing()
    {
        var runs = 0;
        await using var hub = await TestHub.StartAsync(azurite, r => r
            .AddActivity<int, int>("Count", _ => Interlocked.Increment(ref runs))
            .AddOrchestrator("Once", async ctx => await ctx.CallActivityAsync<int>("Count", 0)));

        var first = await hub.Client.ScheduleNewAsync("Once", "dedupe-1");
        await hub.WaitAsync("dedupe-1");
        var second = await hub.Client.ScheduleNewAsync("Once", "dedupe-1");

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(first.ExecutionId, second.ExecutionId);

        var replaced = await hub.Client.ScheduleNewAsync("Once", "dedupe-1", options: new ScheduleOptions { ReplaceExisting = true });
        await hub.WaitUntilAsync("dedupe-1", s => s.ExecutionId == replaced.ExecutionId && s.RuntimeStatus == OrchestrationRuntimeStatus.Completed);
        Assert.Equal(2, runs);
    }
}
