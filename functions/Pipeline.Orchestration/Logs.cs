using Microsoft.Extensions.Logging;
using Pipeline.Orchestration.Messaging;

namespace Pipeline.Orchestration;

/// <summary>Every log line of the engine, with fixed event ids (1xxx episodes, 2xxx messages, 3xxx activities, 4xxx worker).
/// Episode lines always carry the instance id and the execution id.</summary>
internal static partial class Logs
{
    [LoggerMessage(1001, LogLevel.Debug, "Episode of {InstanceId} ({ExecutionId}): {Applied} message(s) applied, {NewEvents} new event(s), {Outbound} message(s) sent, status {Status}")]
    public static partial void EpisodeCommitted(this ILogger logger, string instanceId, string? executionId, int applied, int newEvents, int outbound, OrchestrationRuntimeStatus status);

    [LoggerMessage(1002, LogLevel.Information, "Episode of {InstanceId} ({ExecutionId}) lost the history ETag race to another worker; {Count} message(s) put back")]
    public static partial void EpisodeConflict(this ILogger logger, string instanceId, string? executionId, int count);

    [LoggerMessage(1003, LogLevel.Information, "Instance {InstanceId} ({ExecutionId}) ended {Status}")]
    public static partial void InstanceEnded(this ILogger logger, string instanceId, string? executionId, OrchestrationRuntimeStatus status);

    [LoggerMessage(1004, LogLevel.Warning, "Instance {InstanceId} ({ExecutionId}) failed: {Failure}")]
    public static partial void InstanceFailed(this ILogger logger, string instanceId, string? executionId, FailureDetails failure);

    [LoggerMessage(1005, LogLevel.Warning, "Instance {InstanceId} ({ExecutionId}): writing the Instances row failed; the next episode or status query repairs it")]
    public static partial void InstanceRowWriteFailed(this ILogger logger, string instanceId, string? executionId, Exception exception);

    [LoggerMessage(1006, LogLevel.Debug, "Instance {InstanceId} ({ExecutionId}): {Kind} for step {TaskId} dropped: {Reason}")]
    public static partial void MessageDropped(this ILogger logger, string instanceId, string? executionId, MessageKind kind, int taskId, string reason);

    [LoggerMessage(1007, LogLevel.Debug, "Instance {InstanceId} ({ExecutionId}): {Kind} for step {TaskId} waits for history not committed yet (wait {Waits})")]
    public static partial void MessageWaiting(this ILogger logger, string instanceId, string? executionId, MessageKind kind, int taskId, int waits);

    [LoggerMessage(1008, LogLevel.Warning, "Instance {InstanceId} ({ExecutionId}): {Kind} for step {TaskId} waited {Waits} times for history that never appeared; moved to the poison queue")]
    public static partial void WaitGivenUp(this ILogger logger, string instanceId, string? executionId, MessageKind kind, int taskId, int waits);

    [LoggerMessage(1009, LogLevel.Debug, "Instance {InstanceId} ({ExecutionId}): timer {TaskId} due {FireAt:O} re-armed")]
    public static partial void TimerRearmed(this ILogger logger, string instanceId, string? executionId, int taskId, DateTime? fireAt);

    [LoggerMessage(1010, LogLevel.Information, "Instance {InstanceId} ({ExecutionId}): Instances row repaired from history ({Status})")]
    public static partial void InstanceRowRepaired(this ILogger logger, string instanceId, string? executionId, OrchestrationRuntimeStatus status);

    [LoggerMessage(2001, LogLevel.Warning, "Message {MessageId} on {Queue} failed (delivery {DequeueCount}); it will be retried")]
    public static partial void MessageFailed(this ILogger logger, string queue, string messageId, long dequeueCount, Exception exception);

    [LoggerMessage(2002, LogLevel.Error, "Message {MessageId} on {Queue} failed {DequeueCount} times: moved to the poison queue, instance {InstanceId} failed. Reason: {Reason}")]
    public static partial void MessageQuarantined(this ILogger logger, string queue, string messageId, long dequeueCount, string? instanceId, string reason);

    [LoggerMessage(3001, LogLevel.Warning, "Activity {Name} of {InstanceId} ({ExecutionId}) step {TaskId} failed")]
    public static partial void ActivityFailed(this ILogger logger, string name, string instanceId, string? executionId, int taskId, Exception exception);

    [LoggerMessage(4001, LogLevel.Information, "Orchestration worker started on {ControlQueues} control queue(s) and {WorkItemQueue}")]
    public static partial void WorkerStarted(this ILogger logger, int controlQueues, string workItemQueue);

    [LoggerMessage(4002, LogLevel.Information, "Orchestration worker stopped")]
    public static partial void WorkerStopped(this ILogger logger);

    [LoggerMessage(4003, LogLevel.Warning, "Polling {Queue} failed")]
    public static partial void PollFailed(this ILogger logger, string queue, Exception exception);
}
