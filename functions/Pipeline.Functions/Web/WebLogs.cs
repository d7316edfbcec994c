using Microsoft.Extensions.Logging;

namespace Pipeline.Functions.Web;

/// <summary>Log messages of the web views (event ids 5000-5099): key ids only, never a secret or a session token.</summary>
internal static partial class WebLogs
{
    [LoggerMessage(5000, LogLevel.Information, "Web sign-in with key {KeyId} of {KeyKind} {Subject}")]
    public static partial void SignedIn(ILogger logger, string keyId, string keyKind, string subject);

    [LoggerMessage(5001, LogLevel.Warning, "Web sign-in refused (key {KeyId}): {Verdict}")]
    public static partial void SignInRefused(ILogger logger, string keyId, string verdict);

    [LoggerMessage(5002, LogLevel.Warning, "{Function}: refused key {KeyId} of {KeyKind} {Subject}: {Reason}")]
    public static partial void Forbidden(ILogger logger, string function, string keyId, string keyKind, string subject, string reason);

    [LoggerMessage(5003, LogLevel.Information, "Close {Quarter}: finance {By} sent {Action} for {Partner} from the console")]
    public static partial void DecisionSent(ILogger logger, string quarter, string by, string action, string partner);

    [LoggerMessage(5004, LogLevel.Debug, "Scorecard of partner {PartnerId} for {Quarter} built in {ElapsedMs} ms")]
    public static partial void ScorecardBuilt(ILogger logger, string partnerId, string quarter, long elapsedMs);
}
