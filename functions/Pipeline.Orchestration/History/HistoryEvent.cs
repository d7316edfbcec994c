namespace Pipeline.Orchestration.History;

public enum HistoryEventKind
{
    /// <summary>Opens every episode; its timestamp is the orchestrator's CurrentUtcDateTime for that episode.</summary>
    OrchestratorStarted,
    ExecutionStarted,
    TaskScheduled,
    TaskCompleted,
    TaskFailed,
    SubOrchestrationCreated,
    SubOrchestrationCompleted,
    SubOrchestrationFailed,
    TimerCreated,
    TimerFired,
    EventRaised,

    /// <summary>Ends an execution; <see cref="HistoryEvent.Status"/> says how (Completed, Failed, Terminated, ContinuedAsNew).</summary>
    ExecutionCompleted,
}

/// <summary>Who started a sub-orchestration, so its end can be reported back to the right call.</summary>
public sealed record ParentInstance(string InstanceId, string ExecutionId, int TaskId);

/// <summary>
/// One row of an instance's event-sourced history. A flat record (one shape for every kind) keeps the table
/// rows and the JSON simple; which properties are set depends on <see cref="Kind"/>.
/// </summary>
public sealed record HistoryEvent(HistoryEventKind Kind, DateTime Timestamp)
{
    /// <summary>For scheduling events: the step number the orchestrator gave the call. For results: the step they answer.</summary>
    public int TaskId { get; init; } = -1;

    /// <summary>Activity, orchestrator, sub-orchestrator or event name.</summary>
    public string? Name { get; init; }

    public string? Input { get; init; }
    public string? Result { get; init; }
    public FailureDetails? Failure { get; init; }
    public DateTime? FireAt { get; init; }

    /// <summary>ExecutionStarted: this execution. SubOrchestrationCreated/Completed: the child's instance id is in <see cref="SubInstanceId"/>.</summary>
    public string? ExecutionId { get; init; }
    public string? SubInstanceId { get; init; }
    public ParentInstance? Parent { get; init; }

    /// <summary>Scheduling events: the episode that committed them. A response stamped by another (lost or conflicting) episode is stale.</summary>
    public string? CheckpointId { get; init; }

    /// <summary>EventRaised / ExecutionCompleted(Terminated): the id of the client message, to drop redeliveries.</summary>
    public string? MessageId { get; init; }

    public OrchestrationRuntimeStatus? Status { get; init; }

    /// <summary>ExecutionCompleted(ContinuedAsNew): the execution that follows.</summary>
    public string? NewExecutionId { get; init; }

    /// <summary>Time the client asked for the instance (ExecutionStarted).</summary>
    public DateTime? CreatedAt { get; init; }

    public bool IsScheduling => Kind is HistoryEventKind.TaskScheduled or HistoryEventKind.TimerCreated or HistoryEventKind.SubOrchestrationCreated;

    public bool IsResult => Kind is HistoryEventKind.TaskCompleted or HistoryEventKind.TaskFailed or HistoryEventKind.TimerFired
        or HistoryEventKind.SubOrchestrationCompleted or HistoryEventKind.SubOrchestrationFailed;

    /// <summary>How this step reads in a non-determinism error.</summary>
    public string Describe() => Kind switch
    {
        HistoryEventKind.TaskScheduled => $"a call to activity '{Name}'",
        HistoryEventKind.TimerCreated => $"a timer firing at {FireAt:O}",
        HistoryEventKind.SubOrchestrationCreated => $"a call to sub-orchestrator '{Name}' (instance '{SubInstanceId}')",
        _ => Kind.ToString(),
    };
}
