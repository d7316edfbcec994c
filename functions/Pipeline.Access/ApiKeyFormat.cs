using System.Security.Cryptography;

namespace Pipeline.Access;

/// <summary>The parts of a presented key: <c>{prefix}_{keyId}_{secret}</c>.</summary>
public sealed record ApiKeyParts(ApiKeyKind Kind, string KeyId, string Secret)
{
    /// <summary>What may be logged or shown about the key: its prefix and id, never the secret.</summary>
    public string PublicId => ApiKeyFormat.PublicId(Kind, KeyId);
}

/// <summary>
/// The text of an API key: <c>pp_{keyId}_{secret}</c> for partners, <c>pf_{keyId}_{secret}</c> for finance.
/// The key id (16 hex digits) is public: it names the stored row, appears in listings and logs. The secret
/// (64 hex digits, 256 random bits) is shown once when the key is issued and never stored or logged.
/// </summary>
public static class ApiKeyFormat
{
    public const int KeyIdLength = 16;
    public const int SecretLength = 64;

    public static string Prefix(ApiKeyKind kind) => kind switch
    {
        ApiKeyKind.Partner => "pp",
        ApiKeyKind.Finance => "pf",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static string PublicId(ApiKeyKind kind, string keyId) => $"{Prefix(kind)}_{keyId}";

    public static string Format(ApiKeyKind kind, string keyId, string secret) => $"{Prefix(kind)}_{keyId}_{secret}";

    public static string NewKeyId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(KeyIdLength / 2));

    public static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(SecretLength / 2));

    /// <summary>Splits a presented key; null when it is not in the format (then nothing of it may be logged:
    /// a malformed key may be a real secret pasted wrongly).</summary>
    public static ApiKeyParts? TryParse(string? text)
    {
        if (text is null || text.Length != 2 + 1 + KeyIdLength + 1 + SecretLength) return null;
        var parts = text.Split('_');
        if (parts.Length != 3 || !IsLowerHex(parts[1], KeyIdLength) || !IsLowerHex(parts[2], SecretLength)) return null;
        ApiKeyKind? kind = parts[0] switch { "pp" => ApiKeyKind.Partner, "pf" => ApiKeyKind.Finance, _ => null };
        return kind is null ? null : new ApiKeyParts(kind.Value, parts[1], parts[2]);
    }

    /// <summary>Accepts a key id as typed by an operator: bare (<c>0123abcd...</c>) or with its prefix (<c>pp_0123abcd...</c>).</summary>
    public static string? NormalizeKeyId(ApiKeyKind kind, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var id = text.Trim().ToLowerInvariant();
        var prefix = Prefix(kind) + "_";
        if (id.StartsWith(prefix, StringComparison.Ordinal)) id = id[prefix.Length..];
        return IsLowerHex(id, KeyIdLength) ? id : null;
    }

    private static bool IsLowerHex(string text, int length) => text.Length == length && text.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
