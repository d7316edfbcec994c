using Azure;
using Azure.Storage.Blobs.Models;
using Pipeline.Azure;

namespace Pipeline.Close;

/// <summary>The close's JSON working files in the <see cref="Names.Closes"/> container.</summary>
public sealed class CloseBlobStore(StorageAccount storage)
{
    /// <summary>Writes the blob (replacing it: callers write deterministic content, so a retry writes the same bytes).</summary>
    public async Task WriteAsync<T>(string name, T value, CancellationToken cancellationToken = default) =>
        await storage.Container(Names.Closes).GetBlobClient(name).UploadAsync(BinaryData.FromBytes(CloseJson.Bytes(value)), overwrite: true, cancellationToken);

    /// <summary>The same without indentation, for the big working files (a payout batch is megabytes).</summary>
    public async Task WriteCompactAsync<T>(string name, T value, CancellationToken cancellationToken = default) =>
        await storage.Container(Names.Closes).GetBlobClient(name).UploadAsync(BinaryData.FromBytes(CloseJson.CompactBytes(value)), overwrite: true, cancellationToken);

    /// <summary>Writes the blob unless it exists; returns what is stored either way (a frozen manifest never changes).</summary>
    public async Task<T> WriteOnceAsync<T>(string name, T value, CancellationToken cancellationToken = default)
    {
        var blob = storage.Container(Names.Closes).GetBlobClient(name);
        try
        {
            await blob.UploadAsync(BinaryData.FromBytes(CloseJson.Bytes(value)), new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
            return value;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return (await ReadAsync<T>(name, cancellationToken))!;
        }
    }

    public async Task<T?> ReadAsync<T>(string name, CancellationToken cancellationToken = default)
    {
        try
        {
            var content = await storage.Container(Names.Closes).GetBlobClient(name).DownloadContentAsync(cancellationToken);
            return CloseJson.Read<T>(content.Value.Content.ToMemory().Span);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return default;
        }
    }

    public async Task<bool> ExistsAsync(string name, CancellationToken cancellationToken = default) =>
        await storage.Container(Names.Closes).GetBlobClient(name).ExistsAsync(cancellationToken);
}
