using System.Text.Json;

namespace Pipeline.Orchestration;

/// <summary>An instance as a status query sees it. Input, output and custom status are JSON text.</summary>
public sealed record OrchestrationStatus
{
    public required string InstanceId { get; init; }
    public required string Name { get; init; }
    public required OrchestrationRuntimeStatus RuntimeStatus { get; init; }
    public string? ExecutionId { get; init; }
    public string? Input { get; init; }
    public string? Output { get; init; }
    public string? CustomStatus { get; init; }
    public FailureDetails? Failure { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime LastUpdatedAt { get; init; }
    public string? ParentInstanceId { get; init; }

    /// <summary>History rows of the execution this status reflects (lets a reader tell a stale Instances row from history).</summary>
    public int HistoryCount { get; init; }

    public T? ReadOutput<T>() => Output is null ? default : JsonSerializer.Deserialize<T>(Output, JsonPayload.Options);
    public T? ReadInput<T>() => Input is null ? default : JsonSerializer.Deserialize<T>(Input, JsonPayload.Options);
    public T? ReadCustomStatus<T>() => CustomStatus is null ? default : JsonSerializer.Deserialize<T>(CustomStatus, JsonPayload.Options);
}
