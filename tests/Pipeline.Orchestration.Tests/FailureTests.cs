using Pipeline.Testing;
using Xunit;

namespace Pipeline.Orchestration.Tests;

[Collection(AzuriteFixture.Collection)]
public sealed class FailureTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task An_activity_that_fails_twice_succeeds_on_its_third_attempt_under_a_retry_policy()
    {
        var attempts = 0;
        await using var hub = await TestHub.StartAsync(azurite, r => r
            .AddActivity<int, string>("Flaky", _ => Interlocked.Increment(ref attempts) < 3 ? throw new TimeoutException("not yet") : "ok")
            .AddOrchestrator("Retrying", async ctx =>
                await ctx.CallActivityAsync<string>("Flaky", 0, new RetryPolicy(5, TimeSpan.FromMilliseconds(200)))));

        var status = await hub.RunAsync("Retrying", "retry-1");

        Assert.Equal("ok", status.ReadOutput<string>());
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task An_activity_failure_after_retries_fails_the_instance_with_the_inner_details()
    {
        await using var hub = await TestHub.StartAsync(azurite, r => r
            .AddActivity<int, string>("Broken", _ => Task.FromException<string>(new InvalidOperationException("ledger locked")))
            .AddOrchestrator("Failing", async ctx =>
                await ctx.CallActivityAsync<string>("Broken", 0, new RetryPolicy(2, TimeSpan.FromMilliseconds(100)))));

        var status = await hub.RunAsync("Failing", "fail-1");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, status.RuntimeStatus);
        Assert.NotNull(status.Failure);
        Assert.Equal(typeof(TaskFailedException).FullName, status.Failure.ErrorType);
        Assert.Contains("Broken", status.Failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(typeof(InvalidOperationException).FullName, status.Failure.InnerFailure?.ErrorType);
        Assert.Equal("ledger locked", status.Failure.InnerFailure?.ErrorMessage);
    }

    [Fact]
    public async Task An_unhandled_orchestrator_exception_fails_the_instance()
    {
        await using var hub = await TestHub.StartAsync(azurite, r => r
            .AddOrchestrator("Throws", ctx => Task.FromException<int>(new ArgumentException("bad quarter"))));

        var status = await hub.RunAsync("Throws", "throws-1");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, status.RuntimeStatus);
        Assert.Equal("bad quarter", status.Failure?.ErrorMessage);
    }

    [Fact]
    public async Task Terminate_stops_a_waiting_instance_with_the_reason()
    {
        await using var hub = await TestHub.StartAsync(azurite, r => r
            .AddOrchestrator("Forever", async ctx => await ctx.WaitForExternalEvent<string>("never")));

        await hub.Client.ScheduleNewAsync("Forever", "term-1");
        await hub.WaitUntilAsync("term-1", s => s.RuntimeStatus == OrchestrationRuntimeStatus.Running);
        await hub.Client.TerminateAsync("term-1", "operator said so");
        var status = await hub.WaitAsync("term-1");

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, status.RuntimeStatus);
        Assert.Contains("operator said so", status.Output, StringComparison.Ordinal);
    }
}
