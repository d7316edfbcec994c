namespace Pipeline.Orchestration;

/// <summary>What an activity knows about the call it serves. (InstanceId, TaskId) identifies the call across retries of
/// the same message, so activities can derive idempotency keys from it.</summary>
public sealed record ActivityContext(string Name, string InstanceId, string ExecutionId, int TaskId);
