using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Pipeline.Functions.Hosting;
using Pipeline.Access;

namespace Pipeline.Functions.Web;

/// <summary>A signed-in browser: the key it signed in with (re-read from the store on every request), its form token, and
/// its session (empty for an API caller).</summary>
public sealed record WebCaller(ApiKeyRecord Key, string CsrfToken, string SessionId = "", DateTimeOffset SessionExpiresAt = default)
{
    public bool IsPartner => Key.Kind == ApiKeyKind.Partner;
    public bool IsFinance => Key.Kind == ApiKeyKind.Finance;
    public bool CanAct => IsFinance && ApiKeyRoles.Satisfies(Key.Role, ApiKeyRoles.Approver);
}

/// <summary>
/// Browser sessions. Signing in with an API key sets a cookie holding <c>{kind}.{keyId}.{expiry}.{nonce}</c> and an
/// HMAC-SHA256 of it under <see cref="SessionSigningKey"/>: never the key's secret. Every request re-reads the key by
/// id, so revoking or expiring the key ends its sessions at once. POST forms carry a per-session token (an HMAC of the
/// session under a different label) besides the cookie's <c>SameSite=Strict</c>. Signing out ends the session on the
/// server too (<see cref="EndedSessions"/>): the cookie, if kept or copied, no longer signs anyone in.
/// </summary>
public sealed class WebSessions(SessionSigningKey signingKey, ApiKeyStore keys, EndedSessions ended, TimeProvider clock)
{
    public const string CookieName = "pp_session";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    /// <summary>The cookie value of a new session for <paramref name="key"/>, ending at the key's expiry at the latest.</summary>
    public async Task<(string Token, DateTimeOffset ExpiresAt)> CreateAsync(ApiKeyRecord key, CancellationToken cancellationToken = default)
    {
        var expires = clock.GetUtcNow() + Lifetime;
        if (key.ExpiresAt < expires) expires = key.ExpiresAt;
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var payload = string.Create(CultureInfo.InvariantCulture, $"{ApiKeyFormat.Prefix(key.Kind)}.{key.KeyId}.{expires.ToUnixTimeSeconds()}.{nonce}");
        return ($"{payload}.{await SignAsync("session", payload, cancellationToken)}", expires);
    }

    /// <summary>The caller of a request with a valid session cookie; null without one (or with a forged, expired or revoked one).</summary>
    public async Task<WebCaller?> ResolveAsync(HttpTriggerRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var token = Cookie(request.Header("cookie"), CookieName);
        if (token is null) return null;
        var cut = token.LastIndexOf('.');
        if (cut <= 0) return null;
        var payload = token[..cut];
        var expected = await SignAsync("session", payload, cancellationToken);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(token[(cut + 1)..]))) return null;

        var parts = payload.Split('.');
        if (parts.Length != 4 || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expiry)) return null;
        if (DateTimeOffset.FromUnixTimeSeconds(expiry) <= clock.GetUtcNow()) return null;
        ApiKeyKind? kind = parts[0] switch { "pp" => ApiKeyKind.Partner, "pf" => ApiKeyKind.Finance, _ => null };
        if (kind is null) return null;
        var key = await keys.FindAsync(kind.Value, parts[1], cancellationToken);
        if (key is null || key.StatusAt(clock.GetUtcNow()) != ApiKeyStatus.Active) return null;
        if (await ended.IsEndedAsync(parts[3], cancellationToken)) return null;
        return new WebCaller(key, await SignAsync("csrf", payload, cancellationToken), parts[3], DateTimeOffset.FromUnixTimeSeconds(expiry));
    }

    /// <summary>Ends the caller's session for good (sign-out).</summary>
    public Task EndAsync(WebCaller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.SessionId.Length == 0 ? Task.CompletedTask : ended.EndAsync(caller.SessionId, caller.SessionExpiresAt, cancellationToken);
    }

    /// <summary>Whether a posted form token belongs to the caller's session (constant time).</summary>
    public static bool IsValidCsrf(WebCaller caller, string? presented) =>
        presented is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(caller.CsrfToken), Encoding.ASCII.GetBytes(presented));

    /// <summary>The Set-Cookie header value: HttpOnly, SameSite=Strict, Path=/, Secure when the request came over HTTPS.</summary>
    public static string SetCookie(HttpTriggerRequest request, string value, DateTimeOffset? expires)
    {
        ArgumentNullException.ThrowIfNull(request);
        var secure = IsHttps(request) ? "; Secure" : "";
        var lifetime = expires is { } e
            ? "; Expires=" + e.UtcDateTime.ToString("R", CultureInfo.InvariantCulture)
            : "; Max-Age=0";
        return $"{CookieName}={value}; Path=/; HttpOnly; SameSite=Strict{secure}{lifetime}";
    }

    public static bool IsHttps(HttpTriggerRequest request) =>
        request.Url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        || string.Equals(request.Header("x-forwarded-proto"), "https", StringComparison.OrdinalIgnoreCase);

    private async Task<string> SignAsync(string label, string payload, CancellationToken cancellationToken)
    {
        var key = await signingKey.GetAsync(cancellationToken);
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{label}:{payload}"));
        return Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    internal static string? Cookie(string? header, string name)
    {
        if (string.IsNullOrEmpty(header)) return null;
        foreach (var part in header.Split(';'))
        {
            var pair = part.Trim();
            var eq = pair.IndexOf('=');
            if (eq > 0 && pair[..eq] == name) return pair[(eq + 1)..];
        }

        return null;
    }
}
