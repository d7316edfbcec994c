using Microsoft.Extensions.Logging;
using Pipeline.Orchestration.History;

namespace Pipeline.Orchestration.Runtime;

/// <summary>
/// The context an orchestrator runs with during one episode. Every durable call gets the next step number; the
/// executor matches the steps against the recorded history (non-determinism check) and completes them with the
/// recorded results; the steps history does not know yet are the episode's new actions.
/// </summary>
internal sealed class ReplayContext : OrchestrationContext
{
    private readonly SortedDictionary<int, HistoryEvent> _actions = [];
    private readonly HashSet<int> _committed = [];
    private readonly Dictionary<int, TaskCompletionSource<string?>> _open = [];
    private readonly Dictionary<string, Queue<string?>> _buffered = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<TaskCompletionSource<string?>>> _waiters = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<Task, TaskCompletionSource<string?>> _waiterTasks = [];
    private readonly HistoryEvent _started;
    private readonly ILoggerFactory _loggerFactory;
    private int _nextTaskId;
    private int _guidCounter;

    public ReplayContext(HistoryEvent started, DateTime now, ILoggerFactory loggerFactory, string instanceId)
    {
        _started = started;
        _loggerFactory = loggerFactory;
        InstanceId = instanceId;
        Now = now;
    }

    public override string InstanceId { get; }
    public override string ExecutionId => _started.ExecutionId ?? string.Empty;
    public override string Name => _started.Name ?? string.Empty;
    public override DateTime CurrentUtcDateTime => Now;
    public DateTime Now { get; set; }
    public override bool IsReplaying => Replaying;
    public bool Replaying { get; set; }

    public string? CustomStatus { get; private set; }
    public bool ContinuedAsNew { get; private set; }
    public string? ContinueAsNewInput { get; private set; }

    /// <summary>True while something durable can still wake the orchestrator (an open call, timer or event wait).</summary>
    public bool HasOpenWork => _open.Count > 0 || _waiters.Values.Any(w => w.Count > 0);

    /// <summary>Steps issued by the code that history does not record yet, in step order.</summary>
    public IEnumerable<HistoryEvent> NewActions => _actions.Where(a => !_committed.Contains(a.Key)).Select(a => a.Value);

    public override T? GetInput<T>() where T : default => JsonPayload.Deserialize<T>(_started.Input);

    public override async Task<T?> CallActivityAsync<T>(string name, object? input = null, RetryPolicy? retry = null) where T : default
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var payload = JsonPayload.Serialize(input);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return JsonPayload.Deserialize<T>(await Schedule(new HistoryEvent(HistoryEventKind.TaskScheduled, Now) { Name = name, Input = payload }));
            }
            catch (TaskFailedException failure) when (retry is not null && attempt < retry.MaxAttempts && (retry.Handle?.Invoke(failure) ?? true))
            {
                // The wait between attempts is a durable timer: a retry scheduled for later survives restarts.
                await CreateTimer(Now + retry.DelayAfter(attempt), CancellationToken.None);
            }
        }
    }

    public override async Task<T?> CallSubOrchestratorAsync<T>(string name, string? instanceId = null, object? input = null) where T : default
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        // The default child id includes the execution, so a parent that continues-as-new starts fresh children.
        var childId = instanceId ?? $"{InstanceId}:{ExecutionId[..Math.Min(12, ExecutionId.Length)]}:{_nextTaskId:D4}";
        var result = await Schedule(new HistoryEvent(HistoryEventKind.SubOrchestrationCreated, Now)
        {
            Name = name, SubInstanceId = childId, Input = JsonPayload.Serialize(input),
        });
        return JsonPayload.Deserialize<T>(result);
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        var utc = fireAt.Kind == DateTimeKind.Local ? fireAt.ToUniversalTime() : DateTime.SpecifyKind(fireAt, DateTimeKind.Utc);
        var id = _nextTaskId;
        var task = Schedule(new HistoryEvent(HistoryEventKind.TimerCreated, Now) { FireAt = utc });
        if (cancellationToken.CanBeCanceled)
        {
            // A cancelled timer stops being open work; its TimerFired message arrives later and finds nothing to complete.
            cancellationToken.Register(() =>
            {
                if (_open.Remove(id, out var tcs)) tcs.TrySetCanceled(cancellationToken);
            });
        }

        return task;
    }

    public override Task<T?> WaitForExternalEvent<T>(string name) where T : default
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (_buffered.TryGetValue(name, out var queue) && queue.Count > 0) return Task.FromResult(JsonPayload.Deserialize<T>(queue.Dequeue()));
        var tcs = new TaskCompletionSource<string?>();
        if (!_waiters.TryGetValue(name, out var list)) _waiters[name] = list = [];
        list.Add(tcs);
        var task = Convert<T>(tcs.Task);
        _waiterTasks[task] = tcs;
        return task;
    }

    protected override void CancelEventWait(string name, Task waiter)
    {
        if (_waiterTasks.Remove(waiter, out var tcs) && _waiters.TryGetValue(name, out var list)) list.Remove(tcs);
    }

    public override void SetCustomStatus(object? customStatus) => CustomStatus = JsonPayload.Serialize(customStatus);

    public override Guid NewGuid() => DeterministicIds.FromName($"{InstanceId}/{ExecutionId}/{_guidCounter++}");

    public override void ContinueAsNew(object? input)
    {
        ContinuedAsNew = true;
        ContinueAsNewInput = JsonPayload.Serialize(input);
    }

    public override ILogger CreateReplaySafeLogger(string categoryName) =>
        new ReplaySafeLogger(_loggerFactory.CreateLogger(categoryName), () => Replaying);

    /// <summary>History recorded step <paramref name="recorded"/>.TaskId: the code must have issued the same kind of step there.</summary>
    public void MatchRecorded(HistoryEvent recorded)
    {
        if (!_actions.TryGetValue(recorded.TaskId, out var issued))
        {
            throw new NonDeterminismException(recorded.TaskId, recorded.Describe(), "does not schedule anything at this step");
        }

        var same = issued.Kind == recorded.Kind && (recorded.Kind == HistoryEventKind.TimerCreated ||
            (string.Equals(issued.Name, recorded.Name, StringComparison.OrdinalIgnoreCase) &&
             (recorded.Kind != HistoryEventKind.SubOrchestrationCreated || issued.SubInstanceId == recorded.SubInstanceId)));
        if (!same) throw new NonDeterminismException(recorded.TaskId, recorded.Describe(), "makes " + issued.Describe());
        _committed.Add(recorded.TaskId);
        _actions[recorded.TaskId] = recorded;
    }

    /// <summary>Completes the step a result answers (ignored when nobody waits any more, e.g. a cancelled timer).</summary>
    public void Deliver(HistoryEvent result)
    {
        if (!_open.Remove(result.TaskId, out var tcs)) return;
        var scheduled = _actions.GetValueOrDefault(result.TaskId);
        switch (result.Kind)
        {
            case HistoryEventKind.TaskFailed:
                tcs.TrySetException(new TaskFailedException(scheduled?.Name ?? "?", result.TaskId, result.Failure ?? new FailureDetails("Unknown", "Unknown failure")));
                break;
            case HistoryEventKind.SubOrchestrationFailed:
                tcs.TrySetException(new SubOrchestrationFailedException(scheduled?.Name ?? "?", scheduled?.SubInstanceId ?? "?", result.Failure ?? new FailureDetails("Unknown", "Unknown failure")));
                break;
            default:
                tcs.TrySetResult(result.Result);
                break;
        }
    }

    public void RaiseEvent(string name, string? input)
    {
        if (_waiters.TryGetValue(name, out var list) && list.Count > 0)
        {
            var tcs = list[0];
            list.RemoveAt(0);
            tcs.TrySetResult(input);
            return;
        }

        if (!_buffered.TryGetValue(name, out var queue)) _buffered[name] = queue = new Queue<string?>();
        queue.Enqueue(input);
    }

    private Task<string?> Schedule(HistoryEvent action)
    {
        var id = _nextTaskId++;
        _actions[id] = action with { TaskId = id };
        var tcs = new TaskCompletionSource<string?>();
        _open[id] = tcs;
        return tcs.Task;
    }

    private static async Task<T?> Convert<T>(Task<string?> task) => JsonPayload.Deserialize<T>(await task);
}
