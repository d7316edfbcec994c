using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Orchestration.Tests;

[Collection(AzuriteFixture.Collection)]
public sealed class DeterminismTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task NewGuid_and_the_current_time_are_the_same_on_every_replay()
    {
        await using var hub = await TestHub.StartAsync(azurite, r => r
            .AddActivity<string, string>("Echo", s => s!)
            .AddOrchestrator("Stable", async ctx =>
            {
                var id = ctx.NewGuid();
                var time = ctx.CurrentUtcDateTime;
                // The activity records the first run's values; every replay after it must regenerate the same ones.
                var recorded = await ctx.CallActivityAsync<string>("Echo", $"{id}|{time:O}");
                await ctx.CallActivityAsync<string>("Echo", "again");
                return recorded == $"{id}|{time:O}" && ctx.NewGuid() != id;
            }));

        var status = await hub.RunAsync("Stable", "guid-1");

        Assert.True(status.ReadOutput<bool>());
    }

    [Fact]
    public async Task The_replay_safe_logger_writes_each_line_once_although_the_orchestrator_replays()
    {
        var logs = new CollectingLoggerProvider();
        await using var hub = await TestHub.StartAsync(azurite, r => r
            .AddActivity<int, int>("Step", i => i)
            .AddOrchestrator("Chatty", async ctx =>
            {
                var log = ctx.CreateReplaySafeLogger("Chatty");
                for (var i = 0; i < 3; i++)
                {
                    StepLogged(log, i, null);
                    await ctx.CallActivityAsync<int>("Step", i);
                }

                return 3;
            }), logs: logs);

        await hub.RunAsync("Chatty", "log-1");

        Assert.Equal(["step 0", "step 1", "step 2"], logs.Messages.Where(m => m.StartsWith("step", StringComparison.Ordinal)).Order());
    }

    [Fact]
    public async Task Payloads_over_the_queue_and_table_limits_travel_through_blobs()
    {
        var big = new string('x', 150_000);
        await using var hub = await TestHub.StartAsync(azurite, r => r
            .AddActivity<string, string>("Upper", s => s!.ToUpperInvariant())
            .AddOrchestrator("Big", async ctx =>
            {
                var result = await ctx.CallActivityAsync<string>("Upper", ctx.GetInput<string>());
                ctx.SetCustomStatus(result);
                return result;
            }));

        var status = await hub.RunAsync("Big", "big-1", big);

        Assert.Equal(big.ToUpperInvariant(), status.ReadOutput<string>());
        Assert.Equal(big, status.ReadInput<string>());
        Assert.Equal(big.ToUpperInvariant(), status.ReadCustomStatus<string>());
        var blobs = await hub.Storage.Payloads.CountAsync("big-1");
        Assert.True(blobs >= 4, $"expected offloaded payloads, found {blobs} blobs");
    }

    private static readonly Action<ILogger, int, Exception?> StepLogged =
        LoggerMessage.Define<int>(LogLevel.Information, new EventId(1, "Step"), "step {Step}");

    private sealed class CollectingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Collector(this);

        public void Dispose()
        {
        }

        private sealed class Collector(CollectingLoggerProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Messages.Enqueue(formatter(state, exception));
        }
    }
}
