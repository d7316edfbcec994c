namespace Pipeline.Access;

/// <summary>What is stored about an API key: who it is for and when it is valid. Never the secret.</summary>
public sealed record ApiKeyRecord
{
    public required ApiKeyKind Kind { get; init; }
    public required string KeyId { get; init; }

    /// <summary>The partner id of a partner key; the holder's name of a finance key.</summary>
    public required string Subject { get; init; }

    public required string Role { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }

    public string PublicId => ApiKeyFormat.PublicId(Kind, KeyId);

    public ApiKeyStatus StatusAt(DateTimeOffset now) =>
        RevokedAt is not null ? ApiKeyStatus.Revoked
        : now >= ExpiresAt ? ApiKeyStatus.Expired
        : ApiKeyStatus.Active;
}

public enum ApiKeyStatus { Active, Expired, Revoked }

/// <summary>A newly issued key: <see cref="Key"/> is the only copy of the secret there will ever be.</summary>
public sealed record IssuedApiKey(ApiKeyRecord Record, string Key);

/// <summary>Why a presented key was or was not accepted.</summary>
public enum ApiKeyVerdict
{
    Valid,
    Missing,
    Malformed,
    /// <summary>No key with that id, or the secret does not match: the caller is told the same for both.</summary>
    Unknown,
    Expired,
    Revoked,
}

/// <summary>The result of checking a presented key. <see cref="PublicId"/> (prefix and key id, no secret) is what
/// may be logged; it is null when the text was not even in the key format.</summary>
public sealed record ApiKeyCheck(ApiKeyVerdict Verdict, string? PublicId, ApiKeyRecord? Key)
{
    public bool IsValid => Verdict == ApiKeyVerdict.Valid;
}
