using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;

namespace Pipeline.Access;

/// <summary>
/// Signs with a user delegation key: the app's identity asks the blob service for a key (Get User Delegation Key,
/// allowed by Storage Blob Data Contributor/Owner, which bicep assigns) and signs with it, so no account key exists
/// anywhere. The key is cached for a day and renewed well before it expires (a SAS may not outlive its key);
/// revoking the identity's role, or all user delegation keys, invalidates every link signed with it.
/// Azurite has no user delegation keys, so tests exercise <see cref="SharedKeySasSigner"/>: both sign the same
/// <see cref="BlobSasBuilder"/> values and differ only in the key.
/// </summary>
public sealed class UserDelegationSasSigner(BlobServiceClient service, TimeProvider clock) : IBlobSasSigner, IDisposable
{
    private static readonly TimeSpan KeyLifetime = TimeSpan.FromDays(1);
    private static readonly TimeSpan RenewBefore = TimeSpan.FromHours(2);
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private UserDelegationKey? _key;

    public async Task<Uri> SignAsync(BlobClient blob, BlobSasPermissions permissions, DateTimeOffset expiresOn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var key = await KeyAsync(cancellationToken);
        if (expiresOn > key.SignedExpiresOn) throw new ArgumentOutOfRangeException(nameof(expiresOn), expiresOn, "A SAS cannot outlive its user delegation key.");
        var builder = BlobSasSigners.Builder(blob, permissions, key.SignedStartsOn, expiresOn);
        return new BlobUriBuilder(blob.Uri) { Sas = builder.ToSasQueryParameters(key, service.AccountName) }.ToUri();
    }

    private async Task<UserDelegationKey> KeyAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_key is { } cached && cached.SignedExpiresOn - now > RenewBefore) return cached;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_key is { } fresh && fresh.SignedExpiresOn - now > RenewBefore) return fresh;
            var options = new BlobGetUserDelegationKeyOptions(now + KeyLifetime) { StartsOn = now - ClockSkew };
            _key = (await service.GetUserDelegationKeyAsync(options, cancellationToken)).Value;
            return _key;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
