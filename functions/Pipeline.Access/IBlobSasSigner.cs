using Azure.Storage.Blobs;
using Azure.Storage.Sas;
using Pipeline.Azure;

namespace Pipeline.Access;

/// <summary>
/// Signs a SAS for exactly one blob. Two ways, one contract: with the account key where the app has one (a
/// connection string: Azurite, local runs), and with a user delegation key where it signs in with Entra ID (Azure,
/// where the account takes no shared key). <see cref="BlobSasSigners.For"/> picks the one that fits.
/// </summary>
public interface IBlobSasSigner
{
    /// <summary>A URL granting <paramref name="permissions"/> on <paramref name="blob"/> only, until <paramref name="expiresOn"/>.</summary>
    Task<Uri> SignAsync(BlobClient blob, BlobSasPermissions permissions, DateTimeOffset expiresOn, CancellationToken cancellationToken = default);
}

public static class BlobSasSigners
{
    public static IBlobSasSigner For(StorageAccount storage, TimeProvider clock) =>
        storage.Blobs.CanGenerateAccountSasUri ? new SharedKeySasSigner() : new UserDelegationSasSigner(storage.Blobs, clock);

    /// <summary>The signature values both signers use: one blob (<c>sr=b</c>), the given permissions and expiry, and
    /// HTTPS only wherever the endpoint is HTTPS (Azurite serves plain HTTP).</summary>
    internal static BlobSasBuilder Builder(BlobClient blob, BlobSasPermissions permissions, DateTimeOffset? startsOn, DateTimeOffset expiresOn)
    {
        var builder = new BlobSasBuilder
        {
            BlobContainerName = blob.BlobContainerName,
            BlobName = blob.Name,
            Resource = "b",
            ExpiresOn = expiresOn,
            Protocol = blob.Uri.Scheme == Uri.UriSchemeHttps ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
        };
        if (startsOn is not null) builder.StartsOn = startsOn.Value;
        builder.SetPermissions(permissions);
        return builder;
    }
}

/// <summary>Signs with the account key the blob client was built with (connection string).</summary>
public sealed class SharedKeySasSigner : IBlobSasSigner
{
    public Task<Uri> SignAsync(BlobClient blob, BlobSasPermissions permissions, DateTimeOffset expiresOn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        if (!blob.CanGenerateSasUri) throw new InvalidOperationException("This blob client has no account key to sign a SAS with.");
        // No start time: a start "now" by our clock can be in the future by the service's, which fails fresh links.
        return Task.FromResult(blob.GenerateSasUri(BlobSasSigners.Builder(blob, permissions, startsOn: null, expiresOn)));
    }
}
