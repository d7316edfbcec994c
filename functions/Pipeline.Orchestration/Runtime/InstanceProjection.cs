using Pipeline.Orchestration.History;

namespace Pipeline.Orchestration.Runtime;

/// <summary>The Instances row as derived from history: the one place that says how history maps to status, used by
/// episodes (write), status queries (repair) and the poison path.</summary>
internal static class InstanceProjection
{
    public static OrchestrationStatus From(string instanceId, IReadOnlyList<HistoryEvent> events, string? customStatus, OrchestrationStatus? existing = null)
    {
        var state = new HistoryState(events);
        var started = state.Started;
        var completed = state.Completed;
        return new OrchestrationStatus
        {
            InstanceId = instanceId,
            Name = started?.Name ?? existing?.Name ?? string.Empty,
            RuntimeStatus = state.Status,
            ExecutionId = started?.ExecutionId ?? existing?.ExecutionId,
            Input = started?.Input ?? existing?.Input,
            Output = completed?.Status is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Terminated ? completed.Result : null,
            CustomStatus = customStatus,
            Failure = completed?.Failure,
            CreatedAt = started?.CreatedAt ?? started?.Timestamp ?? existing?.CreatedAt ?? (events.Count > 0 ? events[0].Timestamp : (DateTime?)null) ?? DateTime.UtcNow,
            LastUpdatedAt = events.Count > 0 ? events[^1].Timestamp : DateTime.UtcNow,
            ParentInstanceId = started?.Parent?.InstanceId ?? existing?.ParentInstanceId,
            HistoryCount = events.Count,
        };
    }
}
