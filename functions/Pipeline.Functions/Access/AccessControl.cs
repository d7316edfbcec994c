using Microsoft.Extensions.Logging;
using Pipeline.Functions.Hosting;
using Pipeline.Access;

namespace Pipeline.Functions.Access;

/// <summary>What <see cref="AccessControl"/> decided: the key to act for, or the answer to send instead.</summary>
public sealed record AccessDecision(ApiKeyRecord? Key, HttpTriggerResponse? Refusal)
{
    public bool Allowed => Key is not null;
}

/// <summary>
/// Who may call an HTTP function, from the API key in the <c>x-api-key</c> header. No valid key (missing,
/// malformed, unknown, wrong secret, expired, revoked) is 401; a valid key that may not do this (a partner key for
/// another partner or for a finance endpoint, a finance key without the role) is 403. Every refusal is logged
/// with the key's public id, never its secret. Finance endpoints in Azure also sit behind the host's function
/// keys (<c>authLevel: function</c>); this check holds wherever the request comes from.
/// </summary>
public sealed class AccessControl(ApiKeyStore keys, ILogger<AccessControl> logger)
{
    public const string ApiKeyHeader = "x-api-key";

    private static readonly Dictionary<string, string> Challenge = new() { ["WWW-Authenticate"] = $"ApiKey header=\"{ApiKeyHeader}\"" };

    /// <summary>Allows a partner key of exactly <paramref name="partnerId"/>.</summary>
    public async Task<AccessDecision> PartnerAsync(HttpTriggerRequest request, string function, string? partnerId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var check = await keys.VerifyAsync(request.Header(ApiKeyHeader), cancellationToken);
        if (!check.IsValid) return Unauthenticated(function, check);

        var key = check.Key!;
        if (key.Kind != ApiKeyKind.Partner) return Forbidden(function, key, "not a partner key", "A partner API key is required.");
        if (!string.Equals(key.Subject, partnerId, StringComparison.Ordinal))
        {
            return Forbidden(function, key, $"asked for partner {LogText.Clean(partnerId)}", "This API key may not access that partner's data.");
        }

        Logs.AccessGranted(logger, function, key.PublicId, key.Kind.ToString(), key.Subject);
        return new AccessDecision(key, null);
    }

    /// <summary>Allows a finance key whose role includes <paramref name="requiredRole"/>.</summary>
    public async Task<AccessDecision> FinanceAsync(HttpTriggerRequest request, string function, string requiredRole, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var check = await keys.VerifyAsync(request.Header(ApiKeyHeader), cancellationToken);
        if (!check.IsValid) return Unauthenticated(function, check);

        var key = check.Key!;
        if (key.Kind != ApiKeyKind.Finance) return Forbidden(function, key, "not a finance key", "A finance API key is required.");
        if (!ApiKeyRoles.Satisfies(key.Role, requiredRole))
        {
            return Forbidden(function, key, $"role {key.Role} lacks {requiredRole}", $"This API key's role '{key.Role}' may not do this; '{requiredRole}' is required.");
        }

        Logs.AccessGranted(logger, function, key.PublicId, key.Kind.ToString(), key.Subject);
        return new AccessDecision(key, null);
    }

    private AccessDecision Unauthenticated(string function, ApiKeyCheck check)
    {
        var keyId = check.PublicId ?? (check.Verdict == ApiKeyVerdict.Missing ? "(none)" : "(malformed)");
        Logs.AccessUnauthenticated(logger, function, keyId, check.Verdict.ToString());
        var message = check.Verdict switch
        {
            ApiKeyVerdict.Missing => $"An API key is required in the {ApiKeyHeader} header.",
            ApiKeyVerdict.Expired => "The API key has expired; ask finance for a new one.",
            ApiKeyVerdict.Revoked => "The API key has been revoked.",
            // Malformed, unknown id and wrong secret read the same: nothing to learn by probing.
            _ => "The API key is not valid.",
        };
        return new AccessDecision(null, HttpResponses.Error(401, message, Challenge));
    }

    private AccessDecision Forbidden(string function, ApiKeyRecord key, string reason, string message)
    {
        Logs.AccessForbidden(logger, function, key.PublicId, key.Kind.ToString(), key.Subject, reason);
        return new AccessDecision(null, HttpResponses.Error(403, message));
    }
}

/// <summary>Caller-supplied text in a log line: no control characters, bounded length.</summary>
internal static class LogText
{
    public static string Clean(string? text, int max = 80)
    {
        if (text is null) return "(none)";
        var cleaned = new string([.. text.Take(max).Select(c => char.IsControl(c) ? '?' : c)]);
        return text.Length > max ? cleaned + "..." : cleaned;
    }
}
