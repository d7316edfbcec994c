using Microsoft.Extensions.Logging;

namespace Pipeline.LocalHost;

/// <summary>The local host's log messages. Event ids: 8000-8999, this assembly's range (see EventIdTests).</summary>
internal static partial class Logs
{
    [LoggerMessage(8000, LogLevel.Information, "Local host started: {Http} HTTP, {Queues} queue and {Timers} timer function(s); watching container '{Container}'")]
    public static partial void Started(ILogger logger, int http, int queues, int timers, string container);

    [LoggerMessage(8001, LogLevel.Information, "Durable Task worker started on task hub {Hub} ({Partitions} partitions) as {WorkerId}: {Orchestrators} orchestrator(s), {Activities} activity function(s)")]
    public static partial void DurableWorkerStarted(ILogger logger, string hub, int partitions, string workerId, int orchestrators, int activities);

    [LoggerMessage(8002, LogLevel.Information, "Timer {Function} fires (scheduled {Scheduled:o}, past due: {PastDue})")]
    public static partial void TimerFiring(ILogger logger, string function, DateTimeOffset scheduled, bool pastDue);

    [LoggerMessage(8003, LogLevel.Error, "Function {Function} failed: {Reason}")]
    public static partial void FunctionFailed(ILogger logger, Exception exception, string function, string reason);

    [LoggerMessage(8004, LogLevel.Warning, "Message {MessageId} on {Queue} failed (dequeue {DequeueCount} of {MaxDequeueCount}); it will be retried")]
    public static partial void MessageWillRetry(ILogger logger, string queue, string messageId, long dequeueCount, int maxDequeueCount);

    /// <summary>What the Functions host logs as "Message has reached MaxDequeueCount", which the deployed alert watches.</summary>
    [LoggerMessage(8005, LogLevel.Error, "Message {MessageId} on {Queue} failed {DequeueCount} times; moved to {PoisonQueue}. Last error: {Error}")]
    public static partial void MessagePoisoned(ILogger logger, string queue, string messageId, long dequeueCount, string poisonQueue, string error);

    [LoggerMessage(8006, LogLevel.Warning, "Poller for {Queue} hit a storage error; backing off: {Reason}")]
    public static partial void PollerError(ILogger logger, string queue, string reason);

    [LoggerMessage(8007, LogLevel.Information, "Announced new drop {Blob} on {Queue}")]
    public static partial void DropAnnounced(ILogger logger, string blob, string queue);
}
