using Microsoft.Extensions.Logging;

namespace Pipeline.Functions;

/// <summary>
/// Log messages of the function app, structured, with fixed event ids. Event ids: 1000-7999, this assembly's range
/// (see EventIdTests): 1100 drop announcements, 1200 drop receipts, 1300 access (here), 2000 the close (CloseLogs),
/// 5000 the web views (WebLogs), 7000 notifications (NotificationLogs).
/// </summary>
internal static partial class Logs
{
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
