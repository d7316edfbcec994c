using Microsoft.Extensions.Logging;
using Pipeline.Orchestration.History;
using Pipeline.Orchestration.Messaging;
using Pipeline.Orchestration.Storage;

namespace Pipeline.Orchestration.Runtime;

/// <summary>What became of one control message in an episode.</summary>
internal enum Disposition
{
    /// <summary>Applied and committed, or recognised as duplicate/stale: delete it.</summary>
    Done,

    /// <summary>Refers to history not committed yet (a response that overtook its checkpoint): put it back for later.</summary>
    Wait,

    /// <summary>Another worker advanced the instance first: put it back, it is applied on top of the new history.</summary>
    Conflict,
}

/// <summary>
/// One orchestration episode: load history, sort the inbound messages into applicable / duplicate / early, replay
/// the orchestrator with the applicable ones, then checkpoint in the order that makes crashes safe:
/// (1) send outbound messages, (2) commit history + sentinel with the ETag check, (3) write the Instances row,
/// (4) let the caller delete the inbound messages.
/// </summary>
internal sealed class EpisodeProcessor(
    OrchestrationRegistry registry, OrchestrationStorage storage, HistoryCache cache, TimeProvider time,
    ILoggerFactory loggerFactory, Func<EpisodeTrace, CancellationToken, Task>? observer)
{
    private const int MaxParallelSends = 32;
    private readonly ILogger _logger = loggerFactory.CreateLogger("Pipeline.Orchestration.Episode");

    public async Task<Disposition[]> ProcessAsync(string instanceId, IReadOnlyList<OrchestrationMessage> messages, CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow().UtcDateTime;
        var snapshot = await cache.LoadAsync(instanceId, cancellationToken);
        var state = new HistoryState(snapshot.Events);
        var dispositions = new Disposition[messages.Count];
        var applied = new List<int>();
        var inbound = new List<HistoryEvent>();
        var now = startedAt;

        // A start that begins a new execution (first start, ContinueAsNew, replace) comes first: the other
        // messages are judged against the new execution.
        HistoryEvent? start = null;
        var restart = false;
        for (var i = 0; i < messages.Count; i++)
        {
            if (messages[i].Kind != MessageKind.ExecutionStarted) continue;
            var (decision, starts) = start is null ? await DecideStartAsync(state, messages[i], cancellationToken) : (Disposition.Done, false);
            dispositions[i] = decision;
            if (starts)
            {
                restart = state.Started is not null || state.Completed is not null;
                start = ToEvent(messages[i], now);
                state = new HistoryState([start]);
                applied.Add(i);
            }
            else if (decision == Disposition.Wait)
            {
                _logger.MessageWaiting(instanceId, messages[i].ExecutionId, messages[i].Kind, messages[i].TaskId, messages[i].Waits);
            }
        }

        for (var i = 0; i < messages.Count; i++)
        {
            var m = messages[i];
            if (m.Kind == MessageKind.ExecutionStarted) continue;
            var (decision, reason) = Classify(state, m);
            dispositions[i] = decision;
            if (decision == Disposition.Done && reason is null)
            {
                var e = ToEvent(m, now);
                state.Add(e);
                inbound.Add(e);
                applied.Add(i);
            }
            else if (decision == Disposition.Wait)
            {
                _logger.MessageWaiting(instanceId, m.ExecutionId, m.Kind, m.TaskId, m.Waits);
            }
            else
            {
                _logger.MessageDropped(instanceId, m.ExecutionId, m.Kind, m.TaskId, reason ?? "duplicate");
            }
        }

        if (applied.Count == 0)
        {
            // Nothing new, but a duplicate may be the redelivery of a message whose episode committed history and then
            // crashed before writing the Instances row: rewrite the row from history so no status stays behind.
            if (snapshot.Events.Count > 0 && dispositions.Any(d => d == Disposition.Done)) await RepairInstanceRowAsync(snapshot, cancellationToken);
            return dispositions;
        }

        var past = start is not null ? [] : snapshot.Events;
        var newEvents = new List<HistoryEvent>(inbound.Count + 2) { new(HistoryEventKind.OrchestratorStarted, now) };
        if (start is not null) newEvents.Add(start);
        newEvents.AddRange(inbound);
        var startedEvent = start ?? state.Started!;
        registry.TryGetOrchestrator(startedEvent.Name ?? string.Empty, out var orchestrator);
        var checkpointId = Guid.NewGuid().ToString("N");
        var result = OrchestrationExecutor.Execute(instanceId, orchestrator, past, newEvents, snapshot.CustomStatus, checkpointId, loggerFactory);

        // (1) Outbound first: a crash after this leaves duplicates, which receivers recognise; the reverse order would lose them.
        await Parallel.ForEachAsync(result.Outbound, new ParallelOptions { MaxDegreeOfParallelism = MaxParallelSends, CancellationToken = cancellationToken },
            async (message, ct) => await storage.Queues.SendAsync(message, DelayOf(message), ct));

        // (2) History with the ETag check.
        var committed = await storage.History.CommitAsync(snapshot, result.NewEvents, restart, result.CustomStatus, cancellationToken);
        var executionId = startedEvent.ExecutionId;
        if (committed is null)
        {
            cache.Remove(instanceId);
            foreach (var i in applied) dispositions[i] = Disposition.Conflict;
            _logger.EpisodeConflict(instanceId, executionId, applied.Count);
            await ObserveAsync(new EpisodeTrace(instanceId, executionId, snapshot.ETag?.ToString(), null, startedAt, time.GetUtcNow().UtcDateTime, 0, state.Status), cancellationToken);
            return dispositions;
        }

        cache.Set(committed);
        var status = InstanceProjection.From(instanceId, committed.Events, committed.CustomStatus);
        _logger.EpisodeCommitted(instanceId, executionId, applied.Count, result.NewEvents.Count, result.Outbound.Count, status.RuntimeStatus);
        if (result.Completion is { } completion)
        {
            if (completion.Status == OrchestrationRuntimeStatus.Failed && completion.Failure is { } failure) _logger.InstanceFailed(instanceId, executionId, failure);
            else _logger.InstanceEnded(instanceId, executionId, completion.Status ?? OrchestrationRuntimeStatus.Completed);
        }

        await ObserveAsync(new EpisodeTrace(instanceId, executionId, snapshot.ETag?.ToString(), committed.ETag?.ToString(), startedAt,
            time.GetUtcNow().UtcDateTime, applied.Count, status.RuntimeStatus), cancellationToken);

        // (3) The Instances row. If this write fails the message is retried, found to be a duplicate, and the row repaired.
        await storage.Instances.UpsertAsync(status, cancellationToken);
        return dispositions;
    }

    /// <summary>Marks a running (or not yet started) instance Failed, e.g. because one of its messages is poison.</summary>
    public async Task FailInstanceAsync(string instanceId, FailureDetails failure, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var snapshot = await storage.History.LoadAsync(instanceId, cancellationToken);
            var state = new HistoryState(snapshot.Events);
            if (state.Completed is not null && state.Completed.Status != OrchestrationRuntimeStatus.ContinuedAsNew) return;
            var now = time.GetUtcNow().UtcDateTime;
            var completion = new HistoryEvent(HistoryEventKind.ExecutionCompleted, now) { Status = OrchestrationRuntimeStatus.Failed, Failure = failure };
            HistoryEvent[] newEvents = [new(HistoryEventKind.OrchestratorStarted, now), completion];
            if (state.Started is { } started)
            {
                foreach (var m in OrchestrationExecutor.CompletionMessages(instanceId, started, completion, now)) await storage.Queues.SendAsync(m, null, cancellationToken);
            }

            // A ContinuedAsNew history is replaced, so the failure is what the instance shows.
            var restart = state.Completed is not null;
            var committed = await storage.History.CommitAsync(snapshot, restart ? [.. snapshot.Events.Where(e => e.Kind == HistoryEventKind.ExecutionStarted), .. newEvents] : newEvents,
                restart, snapshot.CustomStatus, cancellationToken);
            if (committed is null) continue;
            cache.Remove(instanceId);
            var existing = await storage.Instances.GetAsync(instanceId, cancellationToken);
            await storage.Instances.UpsertAsync(InstanceProjection.From(instanceId, committed.Events, committed.CustomStatus, existing), cancellationToken);
            _logger.InstanceFailed(instanceId, state.ExecutionId, failure);
            return;
        }

        throw new InvalidOperationException($"Could not mark instance '{instanceId}' failed: its history kept changing.");
    }

    private async Task RepairInstanceRowAsync(HistorySnapshot snapshot, CancellationToken cancellationToken)
    {
        var row = await storage.Instances.GetAsync(snapshot.InstanceId, cancellationToken);
        var status = InstanceProjection.From(snapshot.InstanceId, snapshot.Events, snapshot.CustomStatus, row);
        if (row is not null && row.ExecutionId == status.ExecutionId && row.HistoryCount >= status.HistoryCount) return;
        if (row is not null && row.ExecutionId != status.ExecutionId && row.RuntimeStatus == OrchestrationRuntimeStatus.Pending) return; // a replace in flight
        await storage.Instances.UpsertAsync(status, cancellationToken);
        _logger.InstanceRowRepaired(snapshot.InstanceId, status.ExecutionId, status.RuntimeStatus);
    }

    /// <summary>Judges a start message: drop (duplicate, stale), wait (its ContinueAsNew commit is in flight), or begin a new execution.</summary>
    private async Task<(Disposition Disposition, bool Starts)> DecideStartAsync(HistoryState state, OrchestrationMessage m, CancellationToken cancellationToken)
    {
        // No history: the first start (a history with only a failure = failed before it started: stays failed).
        if (state.Started is null) return (Disposition.Done, state.Completed is null);
        if (m.ExecutionId == state.ExecutionId) return (Disposition.Done, false);
        if (state.Completed?.Status == OrchestrationRuntimeStatus.ContinuedAsNew && state.Completed.NewExecutionId == m.ExecutionId) return (Disposition.Done, true);
        if (m.ContinuedFrom is not null && m.ContinuedFrom == state.ExecutionId && state.IsRunning) return (Disposition.Wait, false);
        // A parent (a new parent execution) calls a child id that already ran to its end: run it again, as a new
        // execution, or the parent would wait forever for a child that never starts.
        if (m.Parent is not null && m.ContinuedFrom is null && state.Completed is { } ended && ended.Status != OrchestrationRuntimeStatus.ContinuedAsNew)
        {
            return (Disposition.Done, true);
        }

        if (m.Replace)
        {
            // Only the replace the client recorded last wins (an older replace message arriving late must not restart).
            var row = await storage.Instances.GetAsync(m.InstanceId, cancellationToken);
            return (Disposition.Done, row?.ExecutionId == m.ExecutionId);
        }

        return (Disposition.Done, false);
    }

    /// <summary>Judges a non-start message against the current execution. Reason null = apply it.</summary>
    private static (Disposition, string?) Classify(HistoryState state, OrchestrationMessage m)
    {
        if (state.Started is null)
        {
            return state.Completed is null ? (Disposition.Wait, "not started") : (Disposition.Done, "the instance failed before it started");
        }

        if (state.Completed is { } completed)
        {
            if (completed.Status == OrchestrationRuntimeStatus.ContinuedAsNew &&
                (m.ExecutionId == completed.NewExecutionId || m.Kind is MessageKind.EventRaised or MessageKind.ExecutionTerminated))
            {
                return (Disposition.Wait, "the next execution is not committed yet");
            }

            return (Disposition.Done, $"the instance is {completed.Status}");
        }

        switch (m.Kind)
        {
            case MessageKind.EventRaised or MessageKind.ExecutionTerminated:
                return state.HasMessage(m.MessageId) ? (Disposition.Done, "already applied") : (Disposition.Done, null);
            case MessageKind.TaskCompleted or MessageKind.TaskFailed or MessageKind.TimerFired
                or MessageKind.SubOrchestrationCompleted or MessageKind.SubOrchestrationFailed:
                if (m.ExecutionId != state.ExecutionId) return (Disposition.Done, "for another execution");
                var scheduled = state.Scheduled(m.TaskId);
                if (scheduled is null) return (Disposition.Wait, "step not committed yet");
                var expected = m.Kind switch
                {
                    MessageKind.TimerFired => HistoryEventKind.TimerCreated,
                    MessageKind.TaskCompleted or MessageKind.TaskFailed => HistoryEventKind.TaskScheduled,
                    _ => HistoryEventKind.SubOrchestrationCreated,
                };
                if (scheduled.Kind != expected) return (Disposition.Done, $"step {m.TaskId} is a {scheduled.Kind}");
                // Sub-orchestrations are matched by child id: the child may have been started by an episode that lost its commit.
                if (expected == HistoryEventKind.SubOrchestrationCreated ? scheduled.SubInstanceId != m.SubInstanceId : scheduled.CheckpointId != m.CheckpointId)
                {
                    return (Disposition.Done, "answers a scheduling that was never committed (stale episode)");
                }

                return state.IsAnswered(m.TaskId) ? (Disposition.Done, "already answered") : (Disposition.Done, null);
            default:
                return (Disposition.Done, $"unexpected {m.Kind} on a control queue");
        }
    }

    private static HistoryEvent ToEvent(OrchestrationMessage m, DateTime now) => m.Kind switch
    {
        MessageKind.ExecutionStarted => new HistoryEvent(HistoryEventKind.ExecutionStarted, now)
        {
            Name = m.Name, Input = m.Payload, ExecutionId = m.ExecutionId ?? Guid.NewGuid().ToString("N"), Parent = m.Parent, CreatedAt = m.CreatedAt ?? now,
        },
        MessageKind.TaskCompleted => new HistoryEvent(HistoryEventKind.TaskCompleted, now) { TaskId = m.TaskId, Result = m.Payload },
        MessageKind.TaskFailed => new HistoryEvent(HistoryEventKind.TaskFailed, now) { TaskId = m.TaskId, Failure = m.Failure },
        MessageKind.SubOrchestrationCompleted => new HistoryEvent(HistoryEventKind.SubOrchestrationCompleted, now) { TaskId = m.TaskId, Result = m.Payload, SubInstanceId = m.SubInstanceId },
        MessageKind.SubOrchestrationFailed => new HistoryEvent(HistoryEventKind.SubOrchestrationFailed, now) { TaskId = m.TaskId, Failure = m.Failure, SubInstanceId = m.SubInstanceId },
        MessageKind.TimerFired => new HistoryEvent(HistoryEventKind.TimerFired, now) { TaskId = m.TaskId, FireAt = m.FireAt },
        MessageKind.EventRaised => new HistoryEvent(HistoryEventKind.EventRaised, now) { Name = m.Name, Input = m.Payload, MessageId = m.MessageId },
        MessageKind.ExecutionTerminated => new HistoryEvent(HistoryEventKind.ExecutionCompleted, now)
        {
            Status = OrchestrationRuntimeStatus.Terminated, Result = m.Payload, MessageId = m.MessageId,
        },
        _ => throw new InvalidDataException($"{m.Kind} is not a control message."),
    };

    /// <summary>Timers become visible when due (in whole seconds, rounded up: queues count visibility in seconds).</summary>
    private TimeSpan? DelayOf(OrchestrationMessage message)
    {
        if (message.Kind != MessageKind.TimerFired || message.FireAt is not { } fireAt) return null;
        return TimerDelay(fireAt, time.GetUtcNow().UtcDateTime, storage.Options.MaxTimerDelay);
    }

    public static TimeSpan? TimerDelay(DateTime fireAt, DateTime now, TimeSpan max)
    {
        var remaining = fireAt - now;
        if (remaining <= TimeSpan.Zero) return null;
        var seconds = TimeSpan.FromSeconds(Math.Ceiling(remaining.TotalSeconds));
        return seconds > max ? max : seconds;
    }

    private Task ObserveAsync(EpisodeTrace trace, CancellationToken cancellationToken) =>
        observer is null ? Task.CompletedTask : observer(trace, cancellationToken);
}
