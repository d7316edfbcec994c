using Pipeline.Testing;
using Xunit;

namespace Pipeline.Orchestration.Tests;

[Collection(AzuriteFixture.Collection)]
public sealed class TimerAndEventTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_timer_resumes_the_orchestrator_no_earlier_than_its_due_time()
    {
        await using var hub = await TestHub.StartAsync(azurite, r => r
            .AddOrchestrator("Sleep", async ctx =>
            {
                var due = ctx.CurrentUtcDateTime.AddSeconds(2);
                await ctx.CreateTimer(due, CancellationToken.None);
                return ctx.CurrentUtcDateTime >= due;
            }));

        var status = await hub.RunAsync("Sleep", "timer-1");

        Assert.True(status.ReadOutput<bool>());
        Assert.True(status.LastUpdatedAt - status.CreatedAt >= TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task A_timer_longer_than_the_queue_delay_is_re_armed_until_due()
    {
        var options = TestHub.FastOptions with { MaxTimerDelay = TimeSpan.FromSeconds(1) };
        await using var hub = await TestHub.StartAsync(azurite, r => r
            .AddOrchestrator("LongSleep", async ctx =>
            {
                var due = ctx.CurrentUtcDateTime.AddSeconds(3.5);
                await ctx.CreateTimer(due, CancellationToken.None);
                return ctx.CurrentUtcDateTime >= due;
            }), options);

        var status = await hub.RunAsync("LongSleep", "timer-rearm");

        Assert.True(status.ReadOutput<bool>());
        Assert.True(status.LastUpdatedAt - status.CreatedAt >= TimeSpan.FromSeconds(3.5));
    }

    [Fact]
    public async Task External_events_raised_before_and_after_the_wait_are_both_received()
    {
        await using var hub = await TestHub.StartAsync(azurite, r => r
            .AddActivity<int, int>("Slow", i => i)
            .AddOrchestrator("Approval", async ctx =>
            {
                ctx.SetCustomStatus("working");
                await ctx.CallActivityAsync<int>("Slow", 1);
                var early = await ctx.WaitForExternalEvent<string>("first");
                ctx.SetCustomStatus("waiting for second");
                var late = await ctx.WaitForExternalEvent<string>("SECOND");
                return $"{early}+{late}";
            }));

        await hub.Client.ScheduleNewAsync("Approval", "events-1");
        // Raised right away: usually before the orchestrator waits for it, so it is buffered.
        await hub.Client.RaiseEventAsync("events-1", "First", "a");
        await hub.WaitUntilAsync("events-1", s => s.CustomStatus?.Contains("second", StringComparison.Ordinal) == true);
        await hub.Client.RaiseEventAsync("events-1", "second", "b");
        var status = await hub.WaitAsync("events-1");

        Assert.Equal("a+b", status.ReadOutput<string>());
    }

    [Fact]
    public async Task A_wait_with_timeout_throws_when_the_event_does_not_come_and_returns_it_when_it_does()
    {
        await using var hub = await TestHub.StartAsync(azurite, r => r
            .AddOrchestrator("Deadline", async ctx =>
            {
                try
                {
                    return await ctx.WaitForExternalEvent<string>("answer", TimeSpan.FromSeconds(ctx.GetInput<int>()));
                }
                catch (TimeoutException)
                {
                    return "timed out";
                }
            }));

        var timedOut = await hub.RunAsync("Deadline", "deadline-1", 1);
        await hub.Client.ScheduleNewAsync("Deadline", "deadline-2", 30);
        await hub.WaitUntilAsync("deadline-2", s => s.RuntimeStatus == OrchestrationRuntimeStatus.Running);
        await hub.Client.RaiseEventAsync("deadline-2", "answer", "yes");
        var answered = await hub.WaitAsync("deadline-2");

        Assert.Equal("timed out", timedOut.ReadOutput<string>());
        Assert.Equal("yes", answered.ReadOutput<string>());
    }
}
