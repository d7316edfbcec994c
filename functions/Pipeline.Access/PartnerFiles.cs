using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using Pipeline.Domain.Drops;
using Pipeline.Azure;
using Pipeline.Domain.Partners;

namespace Pipeline.Access;

/// <summary>An upload link: PUT the file to <see cref="Url"/> with the header <c>x-ms-blob-type: BlockBlob</c>.</summary>
public sealed record UploadGrant(string Container, string BlobName, Uri Url, DateTimeOffset ExpiresOn);

/// <summary>One of a partner's files with a read-only link to it alone.</summary>
public sealed record PartnerFile(string Container, string Name, long Size, DateTimeOffset? LastModified, Uri Url, DateTimeOffset ExpiresOn);

/// <summary>The outcome of asking for an upload link: a grant, or the reason it was refused.</summary>
/// <summary>A link, or why there is none; <see cref="RetryAfter"/> when the partner's hourly links are used up.</summary>
public sealed record UploadRequestResult(UploadGrant? Grant, string Reason, TimeSpan? RetryAfter = null);

/// <summary>
/// The valet key: what a partner may touch in storage, as short-lived links for single blobs. An upload link may
/// only create one new blob under <c>drops/{partner}/{kind}/</c> (no read, list, delete or overwrite); file
/// links may only read the one blob. The caller has already established that the partner is who it says.
/// </summary>
public sealed class PartnerFiles(StorageAccount storage, IBlobSasSigner signer, TimeProvider clock, UploadQuota quota)
{
    /// <summary>How long a link works. Short: a leaked link is worth little, and a partner asks again.</summary>
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromMinutes(15);

    public async Task<UploadRequestResult> RequestUploadAsync(string partnerId, string? kind, string? fileName, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(DropUpload.TokenLength / 2));
        if (!DropUpload.TryCreate(partnerId, kind, fileName, now, token, out var path, out var reason)) return new UploadRequestResult(null, reason);
        if (!await quota.TryTakeAsync(partnerId, now, cancellationToken))
        {
            var nextHour = new DateTimeOffset(now.UtcDateTime.Date.AddHours(now.UtcDateTime.Hour + 1), TimeSpan.Zero);
            return new UploadRequestResult(null,
                $"This partner has had {UploadQuota.LinksPerHour} upload links this hour, the most a partner gets; ask again from {nextHour:HH:mm} UTC.", nextHour - now);
        }

        var blob = storage.Container(Names.Drops).GetBlobClient(path!.BlobName);
        var expiresOn = now + LinkLifetime;
        // Create only: writes a blob that does not exist yet; the service refuses to overwrite one.
        var url = await signer.SignAsync(blob, BlobSasPermissions.Create, expiresOn, cancellationToken);
        return new UploadRequestResult(new UploadGrant(Names.Drops, path.BlobName, url, expiresOn), "");
    }

    /// <summary>The partner's statements: <c>{quarter}/{partnerId}/...</c> in the statements container.</summary>
    public async Task<IReadOnlyList<PartnerFile>> StatementsAsync(string partnerId, CancellationToken cancellationToken = default)
    {
        RequireValid(partnerId);
        var container = storage.Container(Names.Statements);
        var files = new List<PartnerFile>();
        // One listing of the quarter folders, then one per quarter of exactly this partner's folder: never a scan of
        // every partner's statements, and "p-1/" cannot match "p-10/".
        await foreach (var item in container.GetBlobsByHierarchyAsync(new GetBlobsByHierarchyOptions { Delimiter = "/" }, cancellationToken))
        {
            if (item.IsPrefix) files.AddRange(await ListAsync(container, $"{item.Prefix}{partnerId}/", cancellationToken));
        }

        return files;
    }

    /// <summary>The partner's feedback files: <c>{partnerId}/...</c> in the feedback container.</summary>
    public Task<IReadOnlyList<PartnerFile>> FeedbackAsync(string partnerId, CancellationToken cancellationToken = default)
    {
        RequireValid(partnerId);
        return ListAsync(storage.Container(Names.Feedback), partnerId + "/", cancellationToken);
    }

    private async Task<IReadOnlyList<PartnerFile>> ListAsync(BlobContainerClient container, string prefix, CancellationToken cancellationToken)
    {
        var expiresOn = clock.GetUtcNow() + LinkLifetime;
        var files = new List<PartnerFile>();
        await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken))
        {
            var url = await signer.SignAsync(container.GetBlobClient(item.Name), BlobSasPermissions.Read, expiresOn, cancellationToken);
            files.Add(new PartnerFile(container.Name, item.Name, item.Properties.ContentLength ?? 0, item.Properties.LastModified, url, expiresOn));
        }

        return files;
    }

    // The id becomes a listing prefix: anything but a plain partner id could widen it.
    private static void RequireValid(string partnerId)
    {
        if (!PartnerId.IsValid(partnerId)) throw new ArgumentException($"'{partnerId}' is not a partner id.", nameof(partnerId));
    }
}
