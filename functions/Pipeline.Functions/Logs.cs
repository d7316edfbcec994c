using Microsoft.Extensions.Logging;

namespace Pipeline.Functions;

/// <summary>Every log message of the function app, structured, with fixed event ids.</summary>
internal static partial class Logs
{
    [LoggerMessage(1000, LogLevel.Debug, "Function {Function} succeeded in {ElapsedMs} ms")]
    public static partial void FunctionSucceeded(ILogger logger, string function, long elapsedMs);

    [LoggerMessage(1001, LogLevel.Error, "Function {Function} failed after {ElapsedMs} ms: {Reason}")]
    public static partial void FunctionFailed(ILogger logger, Exception exception, string function, long elapsedMs, string reason);

    [LoggerMessage(1100, LogLevel.Information, "Local trigger host started: {Timers} timer(s), {Queues} queue trigger(s), watching container '{Container}'")]
    public static partial void LocalHostStarted(ILogger logger, int timers, int queues, string container);

    [LoggerMessage(1101, LogLevel.Information, "Timer {Function} fires (scheduled {Scheduled:o})")]
    public static partial void TimerFiring(ILogger logger, string function, DateTimeOffset scheduled);

    [LoggerMessage(1102, LogLevel.Warning, "Message {MessageId} on {Queue} failed (dequeue {DequeueCount} of {MaxDequeueCount}); it will be retried")]
    public static partial void MessageWillRetry(ILogger logger, string queue, string messageId, long dequeueCount, int maxDequeueCount);

    [LoggerMessage(1103, LogLevel.Error, "Message {MessageId} on {Queue} failed {DequeueCount} times; moved to {PoisonQueue}. Last error: {Error}")]
    public static partial void MessagePoisoned(ILogger logger, string queue, string messageId, long dequeueCount, string poisonQueue, string error);

    [LoggerMessage(1104, LogLevel.Warning, "Queue poller for {Queue} hit a storage error; backing off: {Reason}")]
    public static partial void PollerError(ILogger logger, string queue, string reason);

    [LoggerMessage(1105, LogLevel.Information, "Announced new drop {Blob} (ETag {ETag}) on {Queue}")]
    public static partial void DropAnnounced(ILogger logger, string blob, string etag, string queue);

    [LoggerMessage(1106, LogLevel.Warning, "Drop {Blob} had no receipt after the grace period; announced it again")]
    public static partial void DropReannounced(ILogger logger, string blob);

    [LoggerMessage(1200, LogLevel.Information, "Drop {DropId} from partner {PartnerId} ({Kind}) received: {Size} bytes, sha256 {Sha256}")]
    public static partial void DropReceived(ILogger logger, string dropId, string partnerId, string kind, long size, string sha256);

    [LoggerMessage(1201, LogLevel.Warning, "Drop {DropId} at {Path} rejected: {Reason}")]
    public static partial void DropRejected(ILogger logger, string dropId, string path, string reason);

    [LoggerMessage(1202, LogLevel.Information, "Drop {DropId} at {Path} was already received; event ignored")]
    public static partial void DropDuplicateEvent(ILogger logger, string dropId, string path);

    // Access: never the secret of a key, only its public id (prefix and key id) or "(none)" / "(malformed)".
    [LoggerMessage(1300, LogLevel.Warning, "{Function}: refused unauthenticated request (key {KeyId}): {Verdict}")]
    public static partial void AccessUnauthenticated(ILogger logger, string function, string keyId, string verdict);

    [LoggerMessage(1301, LogLevel.Warning, "{Function}: refused key {KeyId} of {KeyKind} {Subject}: {Reason}")]
    public static partial void AccessForbidden(ILogger logger, string function, string keyId, string keyKind, string subject, string reason);

    [LoggerMessage(1302, LogLevel.Debug, "{Function}: key {KeyId} of {KeyKind} {Subject} allowed")]
    public static partial void AccessGranted(ILogger logger, string function, string keyId, string keyKind, string subject);

    [LoggerMessage(1303, LogLevel.Information, "Partner {PartnerId} got an upload link for drops/{Blob}, valid until {ExpiresOn:o}")]
    public static partial void UploadLinkIssued(ILogger logger, string partnerId, string blob, DateTimeOffset expiresOn);

    [LoggerMessage(1304, LogLevel.Information, "Partner {PartnerId} was refused an upload link: {Reason}")]
    public static partial void UploadLinkRefused(ILogger logger, string partnerId, string reason);

    [LoggerMessage(1305, LogLevel.Information, "Partner {PartnerId} listed {Count} {Container} file(s)")]
    public static partial void PartnerFilesListed(ILogger logger, string partnerId, int count, string container);
}
