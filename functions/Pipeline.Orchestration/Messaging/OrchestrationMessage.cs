using Pipeline.Orchestration.History;

namespace Pipeline.Orchestration.Messaging;

public enum MessageKind
{
    ExecutionStarted,
    TaskCompleted,
    TaskFailed,
    SubOrchestrationCompleted,
    SubOrchestrationFailed,
    TimerFired,
    EventRaised,
    ExecutionTerminated,

    /// <summary>Work-item queue: run an activity.</summary>
    ActivityRequest,

    /// <summary>Several activity results for one instance in one control message (the local worker's batching:
    /// one send, receive and delete instead of one per activity). Applied exactly as if sent one by one.</summary>
    ResponseBatch,
}

/// <summary>
/// A message on a control queue or the work-item queue. Every message names its instance and, when it answers a
/// step, the execution, the step and the episode that scheduled it, so duplicates and stale answers are recognised.
/// </summary>
public sealed record OrchestrationMessage
{
    public required MessageKind Kind { get; init; }
    public required string InstanceId { get; init; }
    public string MessageId { get; init; } = Guid.NewGuid().ToString("N");
    public string? ExecutionId { get; init; }
    public int TaskId { get; init; } = -1;
    public string? Name { get; init; }

    /// <summary>Input (start, activity request, event) or result (completions), as JSON.</summary>
    public string? Payload { get; init; }
    public FailureDetails? Failure { get; init; }
    public DateTime? FireAt { get; init; }
    public DateTime? CreatedAt { get; init; }
    public string? CheckpointId { get; init; }
    public string? SubInstanceId { get; init; }
    public ParentInstance? Parent { get; init; }

    /// <summary>ExecutionStarted: replace whatever execution the instance has (client option).</summary>
    public bool Replace { get; init; }

    /// <summary>ExecutionStarted after ContinueAsNew: the execution it continues (its commit may still be in flight).</summary>
    public string? ContinuedFrom { get; init; }

    /// <summary>How many times this message was put back because the history it refers to was not committed yet.</summary>
    public int Waits { get; init; }

    /// <summary>ResponseBatch: the TaskCompleted / TaskFailed messages it carries.</summary>
    public IReadOnlyList<OrchestrationMessage>? Responses { get; init; }

    /// <summary>Set when the full message was too large for a queue message and lives in this blob.</summary>
    public string? PayloadBlob { get; init; }
}
