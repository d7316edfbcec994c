using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Notifications;

/// <summary>
/// How deliveries are signed: header <c>X-Payouts-Signature: t={unix seconds},v1={hex}[,v1={hex}]</c>, each v1 the
/// HMAC-SHA256 of <c>"{t}.{body}"</c> under one of the partner's signing secrets. A receiver recomputes it with its
/// secret, compares in constant time, and refuses a timestamp older than a few minutes (a replayed delivery).
/// </summary>
public static class WebhookSignature
{
    public const string Header = "X-Payouts-Signature";
    public const string EventIdHeader = "X-Payouts-Event-Id";
    public const string EventTypeHeader = "X-Payouts-Event-Type";
    public const string AttemptHeader = "X-Payouts-Delivery-Attempt";

    public static string Sign(IEnumerable<string> secrets, DateTimeOffset timestamp, string body)
    {
        var t = timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return string.Join(',', secrets.Select(s => $"v1={Compute(s, t, body)}").Prepend($"t={t}"));
    }

    /// <summary>True when the header carries a valid signature of <paramref name="body"/> under <paramref name="secret"/>,
    /// made within <paramref name="tolerance"/> of <paramref name="now"/>.</summary>
    public static bool Verify(string? header, string secret, string body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrEmpty(header)) return false;
        var parts = header.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToList();
        var t = parts.FirstOrDefault(p => p[0] == "t")?[1];
        if (t is null || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return false;
        if ((now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > tolerance) return false;
        var expected = Encoding.ASCII.GetBytes(Compute(secret, t, body));
        return parts.Where(p => p[0] == "v1").Any(p => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(p[1]), expected));
    }

    private static string Compute(string secret, string timestamp, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
}
