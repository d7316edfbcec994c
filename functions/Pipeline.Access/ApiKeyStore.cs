using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Pipeline.Domain.Drops;
using Pipeline.Azure;
using Pipeline.Domain.Partners;

namespace Pipeline.Access;

/// <summary>
/// API keys in the <see cref="Names.ApiKeysTable"/> table: partition = kind (<c>partner</c> / <c>finance</c>),
/// row = key id, so a presented key is found by one point read. A row holds a per-key random salt and
/// HMAC-SHA256(salt, keyId:secret), never the secret; a key with 256 random bits needs no slow hash. Hashes are
/// compared in constant time, and an unknown key id costs the same HMAC as a known one.
/// </summary>
public sealed class ApiKeyStore(StorageAccount storage, TimeProvider clock)
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(90);
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(366);
    private const string Scheme = "hmac-sha256-v1";
    private const int SaltBytes = 16;
    private static readonly byte[] DummySalt = new byte[SaltBytes];

    private TableClient Table => storage.Table(Names.ApiKeysTable);

    public Task<IssuedApiKey> IssuePartnerKeyAsync(string partnerId, TimeSpan? lifetime = null, CancellationToken cancellationToken = default)
    {
        if (!PartnerId.IsValid(partnerId))
            throw new ArgumentException($"The partner id '{partnerId}' must be {PartnerId.Rule}.", nameof(partnerId));
        return IssueAsync(ApiKeyKind.Partner, partnerId, ApiKeyRoles.Partner, lifetime ?? DefaultLifetime, cancellationToken);
    }

    public Task<IssuedApiKey> IssueFinanceKeyAsync(string name, string role, TimeSpan? lifetime = null, CancellationToken cancellationToken = default)
    {
        // The name is shown in listings and logs: the partner-id alphabet keeps it a plain token.
        if (!PartnerId.IsValid(name))
            throw new ArgumentException($"The name '{name}' must be {PartnerId.Rule}.", nameof(name));
        if (!ApiKeyRoles.Finance.Contains(role))
            throw new ArgumentException($"Unknown finance role '{role}': expected one of {string.Join(", ", ApiKeyRoles.Finance)}.", nameof(role));
        return IssueAsync(ApiKeyKind.Finance, name, role, lifetime ?? DefaultLifetime, cancellationToken);
    }

    private async Task<IssuedApiKey> IssueAsync(ApiKeyKind kind, string subject, string role, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        if (lifetime <= TimeSpan.Zero || lifetime > MaxLifetime)
            throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime, $"A key lives between 1 second and {MaxLifetime.TotalDays:0} days.");

        var now = clock.GetUtcNow();
        var keyId = ApiKeyFormat.NewKeyId();
        var secret = ApiKeyFormat.NewSecret();
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var record = new ApiKeyRecord { Kind = kind, KeyId = keyId, Subject = subject, Role = role, CreatedAt = now, ExpiresAt = now + lifetime };
        var entity = new TableEntity(Partition(kind), keyId)
        {
            ["Subject"] = subject,
            ["Role"] = role,
            ["CreatedAt"] = record.CreatedAt,
            ["ExpiresAt"] = record.ExpiresAt,
            ["Scheme"] = Scheme,
            ["Salt"] = Convert.ToBase64String(salt),
            ["Hash"] = Convert.ToBase64String(Hash(salt, keyId, secret)),
        };
        // Add, not upsert: a (vanishingly unlikely) id collision fails instead of replacing someone's key.
        await Table.AddEntityAsync(entity, cancellationToken);
        return new IssuedApiKey(record, ApiKeyFormat.Format(kind, keyId, secret));
    }

    /// <summary>Checks a key as presented in a request header.</summary>
    public async Task<ApiKeyCheck> VerifyAsync(string? presented, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(presented)) return new ApiKeyCheck(ApiKeyVerdict.Missing, null, null);
        var parts = ApiKeyFormat.TryParse(presented.Trim());
        if (parts is null) return new ApiKeyCheck(ApiKeyVerdict.Malformed, null, null);

        var row = await Table.GetEntityIfExistsAsync<TableEntity>(Partition(parts.Kind), parts.KeyId, cancellationToken: cancellationToken);
        var entity = row.HasValue ? row.Value : null;
        var salt = entity?.GetString("Salt") is { } s ? Convert.FromBase64String(s) : DummySalt;
        var stored = entity?.GetString("Hash") is { } h ? Convert.FromBase64String(h) : new byte[32];
        var matches = CryptographicOperations.FixedTimeEquals(Hash(salt, parts.KeyId, parts.Secret), stored);
        if (entity is null || !matches || entity.GetString("Scheme") != Scheme) return new ApiKeyCheck(ApiKeyVerdict.Unknown, parts.PublicId, null);

        // Only a caller who holds the secret learns that the key expired or was revoked.
        var record = FromEntity(parts.Kind, entity);
        var verdict = record.StatusAt(clock.GetUtcNow()) switch
        {
            ApiKeyStatus.Revoked => ApiKeyVerdict.Revoked,
            ApiKeyStatus.Expired => ApiKeyVerdict.Expired,
            _ => ApiKeyVerdict.Valid,
        };
        return new ApiKeyCheck(verdict, parts.PublicId, record);
    }

    /// <summary>The stored key by id (no secret involved): a web session names its key this way, so a revocation or an
    /// expiry ends the session at its next request.</summary>
    public async Task<ApiKeyRecord?> FindAsync(ApiKeyKind kind, string keyId, CancellationToken cancellationToken = default)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(Partition(kind), keyId, cancellationToken: cancellationToken);
        return row.HasValue && row.Value!.GetString("Scheme") == Scheme ? FromEntity(kind, row.Value) : null;
    }

    /// <summary>Revokes a key of <paramref name="subject"/>; false when there is no such key for that subject.
    /// Revoking twice keeps the first revocation time.</summary>
    public async Task<bool> RevokeAsync(ApiKeyKind kind, string subject, string keyId, CancellationToken cancellationToken = default)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(Partition(kind), keyId, cancellationToken: cancellationToken);
        if (!row.HasValue || row.Value!.GetString("Subject") != subject) return false;
        if (row.Value.GetDateTimeOffset("RevokedAt") is not null) return true;

        var update = new TableEntity(Partition(kind), keyId) { ["RevokedAt"] = clock.GetUtcNow() };
        await Table.UpdateEntityAsync(update, row.Value.ETag, TableUpdateMode.Merge, cancellationToken);
        return true;
    }

    /// <summary>The keys of one subject (or of every subject of the kind), newest first.</summary>
    public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(ApiKeyKind kind, string? subject = null, CancellationToken cancellationToken = default)
    {
        var partition = Partition(kind);
        var filter = subject is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partition}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partition} and Subject eq {subject}");
        var keys = new List<ApiKeyRecord>();
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken)) keys.Add(FromEntity(kind, e));
        return [.. keys.OrderByDescending(k => k.CreatedAt).ThenBy(k => k.KeyId, StringComparer.Ordinal)];
    }

    private static string Partition(ApiKeyKind kind) => kind.ToString().ToLowerInvariant();

    private static byte[] Hash(byte[] salt, string keyId, string secret) =>
        HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes($"{keyId}:{secret}"));

    private static ApiKeyRecord FromEntity(ApiKeyKind kind, TableEntity e) => new()
    {
        Kind = kind,
        KeyId = e.RowKey,
        Subject = e.GetString("Subject") ?? "",
        Role = e.GetString("Role") ?? "",
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        // A row without an expiry is treated as expired: fail closed.
        ExpiresAt = e.GetDateTimeOffset("ExpiresAt") ?? DateTimeOffset.MinValue,
        RevokedAt = e.GetDateTimeOffset("RevokedAt"),
    };
}
