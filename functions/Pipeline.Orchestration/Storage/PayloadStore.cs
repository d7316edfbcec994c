using Azure.Storage.Blobs;

namespace Pipeline.Orchestration.Storage;

/// <summary>
/// Payloads too large for a queue message (64 KB encoded) or a table property (64 KB UTF-16) live in blobs,
/// named under the instance id so a purge can remove them with the instance.
/// </summary>
public sealed class PayloadStore
{
    /// <summary>Queue messages are base64 encoded (4/3 growth): 45 KB raw stays under the 64 KB limit.</summary>
    public const int MaxQueueMessageBytes = 45_000;

    /// <summary>Table string properties hold 64 KB of UTF-16 (32K chars); keep a margin.</summary>
    public const int MaxTablePropertyChars = 30_000;

    private readonly BlobContainerClient _container;

    public PayloadStore(BlobContainerClient container)
    {
        ArgumentNullException.ThrowIfNull(container);
        _container = container;
    }

    public async Task<string> UploadAsync(string instanceId, string content, CancellationToken cancellationToken = default)
    {
        var name = $"{instanceId}/{Guid.NewGuid():N}";
        await _container.GetBlobClient(name).UploadAsync(BinaryData.FromString(content), overwrite: true, cancellationToken);
        return name;
    }

    public async Task<string> DownloadAsync(string name, CancellationToken cancellationToken = default)
    {
        var result = await _container.GetBlobClient(name).DownloadContentAsync(cancellationToken);
        return result.Value.Content.ToString();
    }

    /// <summary>How many payload blobs an instance has (diagnostics, tests).</summary>
    public async Task<int> CountAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var count = 0;
        await foreach (var _ in _container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, instanceId + "/", cancellationToken))
        {
            count++;
        }

        return count;
    }

    public async Task DeleteInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await foreach (var blob in _container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, instanceId + "/", cancellationToken))
        {
            await _container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken);
        }
    }
}
