using CsCheck;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Orchestration.History;
using Pipeline.Orchestration.Messaging;
using Pipeline.Orchestration.Runtime;
using Pipeline.Orchestration.Storage;
using Xunit;

namespace Pipeline.Orchestration.Tests;

/// <summary>Replay without storage: the executor turns history + new events into decisions.</summary>
public sealed class ReplayTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly OrchestratorFunc SumOfSquares = async ctx =>
    {
        var n = ctx.GetInput<int>();
        var results = await Task.WhenAll(Enumerable.Range(0, n).Select(i => ctx.CallActivityAsync<int>("Square", i)));
        ctx.SetCustomStatus(ctx.NewGuid());
        return JsonPayload.Serialize(results.Sum());
    };

    [Fact]
    public void Results_arriving_in_any_order_and_any_episodes_give_the_same_decisions_and_output()
    {
        var gen = Gen.Int[1, 40].SelectMany(n => Gen.Shuffle(Enumerable.Range(0, n).ToArray()).Select(order => (n, order))).Select(Gen.Int[1, 9]);
        gen.Sample((run, chunk) =>
        {
            var (n, order) = run;
            var history = new List<HistoryEvent>();
            var first = Episode(history, new HistoryEvent(HistoryEventKind.ExecutionStarted, T0) { Name = "Sum", ExecutionId = "e1", Input = JsonPayload.Serialize(n) });
            Assert.Equal(Enumerable.Range(0, n), first.Outbound.Select(m => m.TaskId));
            Assert.All(first.Outbound, m => Assert.Equal(MessageKind.ActivityRequest, m.Kind));

            ExecutionResult? last = null;
            foreach (var batch in order.Chunk(chunk))
            {
                last = Episode(history, [.. batch.Select(i => new HistoryEvent(HistoryEventKind.TaskCompleted, T0) { TaskId = i, Result = JsonPayload.Serialize(i * i) })]);
                // Replaying never schedules a step again: only the first episode sends work.
                Assert.Empty(last.Outbound);
            }

            Assert.Equal(OrchestrationRuntimeStatus.Completed, last!.Completion?.Status);
            Assert.Equal(JsonPayload.Serialize(Enumerable.Range(0, n).Sum(i => i * i)), last.Completion?.Result);
            // The custom status holds a context Guid: the same whatever the arrival order.
            var expectedGuid = JsonPayload.Serialize(DeterministicIdsFor("i", "e1", 0));
            Assert.Equal(expectedGuid, last.CustomStatus);
        }, iter: 200);
    }

    [Fact]
    public void A_history_that_disagrees_with_the_code_fails_with_a_non_determinism_error_naming_the_step()
    {
        var history = new List<HistoryEvent>
        {
            new(HistoryEventKind.OrchestratorStarted, T0),
            new(HistoryEventKind.ExecutionStarted, T0) { Name = "Sum", ExecutionId = "e1", Input = "2" },
            new(HistoryEventKind.TaskScheduled, T0) { TaskId = 0, Name = "Square" },
            new(HistoryEventKind.TaskScheduled, T0) { TaskId = 1, Name = "Cube" },
        };

        var result = OrchestrationExecutor.Execute("i", SumOfSquares, history,
            [new HistoryEvent(HistoryEventKind.OrchestratorStarted, T0), new HistoryEvent(HistoryEventKind.TaskCompleted, T0) { TaskId = 0, Result = "0" }],
            null, "c", NullLoggerFactory.Instance);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.Completion?.Status);
        Assert.Contains("at step 1 the history recorded a call to activity 'Cube' but the code now makes a call to activity 'Square'", result.Completion?.Failure?.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(result.Outbound);
    }

    [Theory]
    [InlineData(0.2, 1)]   // queues count visibility in whole seconds: round up, never fire early
    [InlineData(2.0, 2)]
    [InlineData(2.5, 3)]
    [InlineData(100, 10)]  // longer than the maximum delay: armed for the maximum, re-armed on arrival
    public void Timer_delays_round_up_to_whole_seconds_and_cap_at_the_maximum(double dueInSeconds, int expectedSeconds)
    {
        var delay = EpisodeProcessor.TimerDelay(T0.AddSeconds(dueInSeconds), T0, TimeSpan.FromSeconds(10));

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), delay);
        Assert.Null(EpisodeProcessor.TimerDelay(T0, T0, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Instances_map_to_control_queues_by_a_hash_that_is_stable_across_processes()
    {
        var names = new TaskHubNames(new OrchestrationOptions { HubName = "payouts", ControlQueueCount = 4 });

        // FNV-1a of "close-2026Q1": a fixed value, unlike string.GetHashCode which changes per process.
        Assert.Equal(0x3E662AFEu, TaskHubNames.StableHash("close-2026Q1"));
        Assert.Equal($"payouts-control-0{0x3E662AFEu % 4}", names.ControlQueueFor("close-2026Q1"));
        Assert.Equal(4, Enumerable.Range(0, 200).Select(i => names.ControlQueueFor($"partner-{i}")).Distinct().Count());
    }

    private static ExecutionResult Episode(List<HistoryEvent> history, params HistoryEvent[] events)
    {
        var result = OrchestrationExecutor.Execute("i", SumOfSquares, history, [new HistoryEvent(HistoryEventKind.OrchestratorStarted, T0), .. events],
            null, "c", NullLoggerFactory.Instance);
        history.AddRange(result.NewEvents);
        return result;
    }

    private static Guid DeterministicIdsFor(string instanceId, string executionId, int counter) =>
        DeterministicIds.FromName($"{instanceId}/{executionId}/{counter}");
}
