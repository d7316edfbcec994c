namespace Pipeline.Orchestration;

/// <summary>
/// One episode as an observer sees it: which history state it started from (sentinel ETag before) and what it
/// left (ETag after, null when it lost the race). Committed episodes of one instance must chain ETag to ETag.
/// </summary>
public sealed record EpisodeTrace(
    string InstanceId, string? ExecutionId, string? ETagBefore, string? ETagAfter, DateTime StartedAt, DateTime EndedAt,
    int MessagesApplied, OrchestrationRuntimeStatus Status);
