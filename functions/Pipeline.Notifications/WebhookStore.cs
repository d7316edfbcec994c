using System.Net;
using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using Pipeline.Azure;

namespace Pipeline.Notifications;

/// <summary>A partner's webhook: where events go and the secrets they are signed with. During the day after a
/// rotation, deliveries carry a signature with the previous secret too, so a receiver can switch without losing any.</summary>
public sealed record WebhookRegistration(string PartnerId, Uri Url, string Secret, string? PreviousSecret, DateTimeOffset CreatedAt, DateTimeOffset? RotatedAt)
{
    public static readonly TimeSpan PreviousSecretLifetime = TimeSpan.FromDays(1);

    /// <summary>The secrets deliveries are signed with at <paramref name="now"/>: the current one, and the previous one
    /// for a day after a rotation.</summary>
    public IReadOnlyList<string> SigningSecrets(DateTimeOffset now) =>
        PreviousSecret is { } previous && RotatedAt is { } at && now - at < PreviousSecretLifetime ? [Secret, previous] : [Secret];
}

/// <summary>A webhook URL refused at the door, with the reason.</summary>
public sealed class WebhookUrlException(string message) : Exception(message);

/// <summary>
/// Partners' webhook registrations (table <c>Webhooks</c>, one row per partner). The secret is generated here (32
/// random bytes), shown once to the partner and kept to sign deliveries; the partner rotates it themselves.
/// URLs are checked at the door: https only, no credentials in them, no address of this network (loopback, private,
/// link-local: a registered URL must not reach the platform's own endpoints). Tests and the local demo allow
/// http on the loopback interface (<c>allowLoopback</c>).
/// </summary>
public sealed class WebhookStore(StorageAccount storage, TimeProvider clock, bool allowLoopback = false)
{
    private const string Partition = "webhook";
    private TableClient Table => storage.Table(Names.WebhooksTable);

    public async Task<WebhookRegistration> RegisterAsync(string partnerId, string url, CancellationToken cancellationToken = default)
    {
        var uri = Check(url, allowLoopback);
        var now = clock.GetUtcNow();
        var existing = await FindAsync(partnerId, cancellationToken);
        var registration = new WebhookRegistration(partnerId, uri, NewSecret(), null, now, null);
        if (existing is not null) registration = registration with { Secret = existing.Secret, PreviousSecret = existing.PreviousSecret, CreatedAt = existing.CreatedAt, RotatedAt = existing.RotatedAt };
        await Table.UpsertEntityAsync(ToEntity(registration), TableUpdateMode.Replace, cancellationToken);
        return registration;
    }

    /// <summary>A new secret; the previous one still signs deliveries for a day.</summary>
    public async Task<WebhookRegistration> RotateAsync(string partnerId, CancellationToken cancellationToken = default)
    {
        var existing = await FindAsync(partnerId, cancellationToken) ?? throw new KeyNotFoundException($"Partner {partnerId} has no webhook registered.");
        var rotated = existing with { Secret = NewSecret(), PreviousSecret = existing.Secret, RotatedAt = clock.GetUtcNow() };
        await Table.UpsertEntityAsync(ToEntity(rotated), TableUpdateMode.Replace, cancellationToken);
        return rotated;
    }

    public async Task<bool> DeleteAsync(string partnerId, CancellationToken cancellationToken = default)
    {
        try
        {
            await Table.DeleteEntityAsync(Partition, TableKeys.Encode(partnerId), ETag.All, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }

    public async Task<WebhookRegistration?> FindAsync(string partnerId, CancellationToken cancellationToken = default)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, TableKeys.Encode(partnerId), cancellationToken: cancellationToken);
        if (!row.HasValue) return null;
        var e = row.Value!;
        return new WebhookRegistration(partnerId, new Uri(e.GetString("Url")!), e.GetString("Secret")!, e.GetString("PreviousSecret"),
            e.GetDateTimeOffset("CreatedAt") ?? default, e.GetDateTimeOffset("RotatedAt"));
    }

    /// <summary>The partners with a webhook (one query; a close asks once per batch).</summary>
    public async Task<IReadOnlySet<string>> PartnersAsync(CancellationToken cancellationToken = default)
    {
        var partners = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var e in Table.QueryAsync<TableEntity>(x => x.PartitionKey == Partition, select: ["PartnerId"], cancellationToken: cancellationToken))
            partners.Add(e.GetString("PartnerId") ?? "");
        return partners;
    }

    /// <summary>The URL, or why it is refused.</summary>
    public static Uri Check(string? url, bool allowLoopback)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > 2048 || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
            throw new WebhookUrlException("The webhook URL must be an absolute https URL of at most 2,048 characters.");
        if (!string.IsNullOrEmpty(uri.UserInfo)) throw new WebhookUrlException("The webhook URL must not carry credentials; deliveries are signed instead.");
        if (!string.IsNullOrEmpty(uri.Fragment)) throw new WebhookUrlException("The webhook URL must not have a fragment.");
        var loopback = uri.IsLoopback;
        if (uri.Scheme != Uri.UriSchemeHttps && !(allowLoopback && loopback && uri.Scheme == Uri.UriSchemeHttp))
            throw new WebhookUrlException("The webhook URL must use https.");
        if (loopback && !allowLoopback) throw new WebhookUrlException("The webhook URL must not point at this machine.");
        if (IPAddress.TryParse(uri.IdnHost, out var address) && !loopback && IsInternal(address))
            throw new WebhookUrlException("The webhook URL must not point at a private, link-local or reserved address.");
        return uri;
    }

    /// <summary>Addresses a webhook may never reach: private, link-local (cloud metadata), unspecified, multicast.</summary>
    public static bool IsInternal(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)) return true;
        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal;
        var b = address.GetAddressBytes();
        return b[0] == 10 || b[0] == 127 || b[0] == 0 || b[0] >= 224
            || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] >= 64 && b[1] <= 127);
    }

    private static string NewSecret() => "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    private static TableEntity ToEntity(WebhookRegistration r) => new(Partition, TableKeys.Encode(r.PartnerId))
    {
        ["PartnerId"] = r.PartnerId,
        ["Url"] = r.Url.ToString(),
        ["Secret"] = r.Secret,
        ["PreviousSecret"] = r.PreviousSecret,
        ["CreatedAt"] = r.CreatedAt,
        ["RotatedAt"] = r.RotatedAt,
    };
}
