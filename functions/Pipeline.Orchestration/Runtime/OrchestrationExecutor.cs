using Microsoft.Extensions.Logging;
using Pipeline.Orchestration.History;
using Pipeline.Orchestration.Messaging;

namespace Pipeline.Orchestration.Runtime;

/// <summary>What one episode decided: the events to append to history, the messages to send, the custom status.</summary>
internal sealed record ExecutionResult(IReadOnlyList<HistoryEvent> NewEvents, IReadOnlyList<OrchestrationMessage> Outbound, string? CustomStatus)
{
    public HistoryEvent? Completion => NewEvents.Count > 0 && NewEvents[^1].Kind == HistoryEventKind.ExecutionCompleted ? NewEvents[^1] : null;
}

/// <summary>
/// Replays an orchestrator against its recorded history, then feeds it the episode's new events, on a
/// <see cref="DeterministicScheduler"/>. Pure with respect to storage: it only turns history + new events into
/// an <see cref="ExecutionResult"/>.
/// </summary>
internal static class OrchestrationExecutor
{
    public static ExecutionResult Execute(
        string instanceId, OrchestratorFunc? orchestrator, IReadOnlyList<HistoryEvent> past, IReadOnlyList<HistoryEvent> newEvents,
        string? previousCustomStatus, string checkpointId, ILoggerFactory loggerFactory)
    {
        var scheduler = new DeterministicScheduler();
        ReplayContext? context = null;
        Task<string?>? run = null;
        HistoryEvent? started = null;
        var now = DateTime.UtcNow;
        var accepted = new List<HistoryEvent>(newEvents.Count + 4);
        try
        {
            for (var i = 0; i < past.Count + newEvents.Count; i++)
            {
                var replaying = i < past.Count;
                var e = replaying ? past[i] : newEvents[i - past.Count];
                if (!replaying) accepted.Add(e);
                if (context is not null) context.Replaying = replaying;
                switch (e.Kind)
                {
                    case HistoryEventKind.OrchestratorStarted:
                        now = e.Timestamp;
                        if (context is not null) context.Now = now;
                        break;
                    case HistoryEventKind.ExecutionStarted:
                        started = e;
                        if (orchestrator is null)
                        {
                            return Fail(instanceId, accepted, started, now, new FailureDetails("OrchestratorNotRegistered",
                                $"No orchestrator named '{e.Name}' is registered in this app."), previousCustomStatus);
                        }

                        context = new ReplayContext(e, now, loggerFactory, instanceId) { Replaying = replaying };
                        var ctx = context;
                        run = scheduler.Start(() => orchestrator(ctx));
                        scheduler.RunUntilIdle();
                        break;
                    case HistoryEventKind.TaskScheduled or HistoryEventKind.TimerCreated or HistoryEventKind.SubOrchestrationCreated:
                        Require(context).MatchRecorded(e);
                        break;
                    case HistoryEventKind.TaskCompleted or HistoryEventKind.TaskFailed or HistoryEventKind.TimerFired
                        or HistoryEventKind.SubOrchestrationCompleted or HistoryEventKind.SubOrchestrationFailed:
                        Require(context).Deliver(e);
                        scheduler.RunUntilIdle();
                        break;
                    case HistoryEventKind.EventRaised:
                        Require(context).RaiseEvent(e.Name ?? string.Empty, e.Input);
                        scheduler.RunUntilIdle();
                        break;
                    case HistoryEventKind.ExecutionCompleted:
                        // Only a termination arrives as a new completion; nothing after it runs.
                        return Finish(instanceId, accepted, started, context?.CustomStatus ?? previousCustomStatus);
                }

                if (run is { IsCompleted: true }) break;
            }
        }
        catch (NonDeterminismException nd)
        {
            return Fail(instanceId, accepted, started, now, FailureDetails.FromException(nd), context?.CustomStatus ?? previousCustomStatus);
        }

        if (context is null || run is null)
        {
            throw new InvalidOperationException($"Instance '{instanceId}' has no ExecutionStarted event to run from.");
        }

        var customStatus = context.CustomStatus ?? previousCustomStatus;
        var outbound = new List<OrchestrationMessage>();
        foreach (var action in context.NewActions)
        {
            var stamped = action with { CheckpointId = checkpointId, Timestamp = now };
            accepted.Add(stamped);
            outbound.Add(ToMessage(instanceId, context.ExecutionId, stamped, now));
        }

        if (!run.IsCompleted)
        {
            if (context.HasOpenWork) return new ExecutionResult(accepted, outbound, customStatus);
            return Fail(instanceId, accepted, started, now, new FailureDetails("NonDurableAwait",
                "The orchestrator is waiting on something that is not a durable task (Task.Delay, Task.Run, I/O or ConfigureAwait(false)?). " +
                "Only the context's calls, timers and events can resume an orchestrator."), customStatus);
        }

        HistoryEvent completion;
        if (run.IsCompletedSuccessfully && context.ContinuedAsNew)
        {
            completion = new HistoryEvent(HistoryEventKind.ExecutionCompleted, now)
            {
                Status = OrchestrationRuntimeStatus.ContinuedAsNew,
                Result = context.ContinueAsNewInput,
                NewExecutionId = DeterministicIds.FromName($"{instanceId}/{context.ExecutionId}/continue").ToString("N"),
            };
        }
        else if (run.IsCompletedSuccessfully)
        {
            completion = new HistoryEvent(HistoryEventKind.ExecutionCompleted, now) { Status = OrchestrationRuntimeStatus.Completed, Result = run.Result };
        }
        else
        {
            var error = run.Exception?.InnerException ?? (Exception?)run.Exception ?? new TaskCanceledException("The orchestrator was cancelled.");
            completion = new HistoryEvent(HistoryEventKind.ExecutionCompleted, now) { Status = OrchestrationRuntimeStatus.Failed, Failure = FailureDetails.FromException(error) };
        }

        accepted.Add(completion);
        outbound.AddRange(CompletionMessages(instanceId, started!, completion, now));
        return new ExecutionResult(accepted, outbound, customStatus);
    }

    /// <summary>Messages an ended execution sends: its result to the parent, or the start of the next execution.</summary>
    public static IEnumerable<OrchestrationMessage> CompletionMessages(string instanceId, HistoryEvent started, HistoryEvent completion, DateTime now)
    {
        if (completion.Status == OrchestrationRuntimeStatus.ContinuedAsNew)
        {
            yield return new OrchestrationMessage
            {
                Kind = MessageKind.ExecutionStarted, InstanceId = instanceId, ExecutionId = completion.NewExecutionId, Name = started.Name,
                Payload = completion.Result, Parent = started.Parent, ContinuedFrom = started.ExecutionId, CreatedAt = now,
            };
        }
        else if (started.Parent is { } parent)
        {
            var failed = completion.Status != OrchestrationRuntimeStatus.Completed;
            yield return new OrchestrationMessage
            {
                Kind = failed ? MessageKind.SubOrchestrationFailed : MessageKind.SubOrchestrationCompleted,
                InstanceId = parent.InstanceId, ExecutionId = parent.ExecutionId, TaskId = parent.TaskId, SubInstanceId = instanceId,
                Payload = completion.Result,
                Failure = failed ? completion.Failure ?? new FailureDetails("Terminated", completion.Result ?? "The sub-orchestration was terminated.") : null,
            };
        }
    }

    private static OrchestrationMessage ToMessage(string instanceId, string executionId, HistoryEvent action, DateTime now) => action.Kind switch
    {
        HistoryEventKind.TaskScheduled => new OrchestrationMessage
        {
            Kind = MessageKind.ActivityRequest, InstanceId = instanceId, ExecutionId = executionId, TaskId = action.TaskId,
            Name = action.Name, Payload = action.Input, CheckpointId = action.CheckpointId,
        },
        HistoryEventKind.TimerCreated => new OrchestrationMessage
        {
            Kind = MessageKind.TimerFired, InstanceId = instanceId, ExecutionId = executionId, TaskId = action.TaskId,
            FireAt = action.FireAt, CheckpointId = action.CheckpointId,
        },
        _ => new OrchestrationMessage
        {
            Kind = MessageKind.ExecutionStarted, InstanceId = action.SubInstanceId!, Name = action.Name, Payload = action.Input, CreatedAt = now,
            // Deterministic, so the start sent again by a replay after a crash is recognised as the same execution.
            ExecutionId = DeterministicIds.FromName($"{instanceId}/{executionId}/{action.TaskId}").ToString("N"),
            Parent = new ParentInstance(instanceId, executionId, action.TaskId),
        },
    };

    private static ExecutionResult Fail(string instanceId, List<HistoryEvent> accepted, HistoryEvent? started, DateTime now, FailureDetails failure, string? customStatus)
    {
        var completion = new HistoryEvent(HistoryEventKind.ExecutionCompleted, now) { Status = OrchestrationRuntimeStatus.Failed, Failure = failure };
        accepted.Add(completion);
        var outbound = started is null ? [] : CompletionMessages(instanceId, started, completion, now).ToList();
        return new ExecutionResult(accepted, outbound, customStatus);
    }

    private static ExecutionResult Finish(string instanceId, List<HistoryEvent> accepted, HistoryEvent? started, string? customStatus)
    {
        var completion = accepted[^1];
        var outbound = started is null ? [] : CompletionMessages(instanceId, started, completion, completion.Timestamp).ToList();
        return new ExecutionResult(accepted, outbound, customStatus);
    }

    private static ReplayContext Require(ReplayContext? context) =>
        context ?? throw new InvalidDataException("History has events before ExecutionStarted.");
}
