namespace Pipeline.Orchestration;

/// <summary>How to start an instance.</summary>
public sealed record ScheduleOptions
{
    /// <summary>
    /// False (default): starting an id that already exists, running or ended, returns the existing instance
    /// (so a retried start is harmless). True: the existing instance is replaced by a new execution.
    /// </summary>
    public bool ReplaceExisting { get; init; }
}

/// <summary>Which instances a query or a purge selects. Null properties do not filter.</summary>
public sealed record InstanceFilter
{
    public IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses { get; init; }
    public DateTime? CreatedFrom { get; init; }

    /// <summary>Exclusive.</summary>
    public DateTime? CreatedBefore { get; init; }
}

/// <summary>The outcome of a start: the instance id and whether this call created it.</summary>
public sealed record ScheduleResult(string InstanceId, string ExecutionId, bool Created);
