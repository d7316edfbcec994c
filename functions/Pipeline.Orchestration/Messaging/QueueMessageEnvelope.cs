namespace Pipeline.Orchestration.Messaging;

/// <summary>
/// One queue message as a trigger hands it over, whatever the trigger: the Functions host's queueTrigger
/// (text and metadata of the invocation) or the local polling worker. <paramref name="Text"/> is the decoded
/// message body; <paramref name="DequeueCount"/> counts deliveries including this one.
/// </summary>
public sealed record QueueMessageEnvelope(string QueueName, string MessageId, string? PopReceipt, string Text, long DequeueCount);

/// <summary>What the trigger should do with the message after the handler returns.</summary>
public enum MessageOutcome
{
    /// <summary>Delete it (the Functions host: answer 2xx). Processed, dropped as duplicate/stale, re-queued, or quarantined.</summary>
    Completed,

    /// <summary>Leave it to reappear later (the Functions host: answer non-2xx). A transient failure; bounded by the dequeue count.</summary>
    Retry,
}
