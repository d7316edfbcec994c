using Azure.Data.Tables;
using Azure.Storage.Queues;
using Pipeline.Azure;

namespace Pipeline.Ingest;

/// <summary>What one scan of the drops container did.</summary>
public sealed record AnnounceResult(int Blobs, IReadOnlyList<string> Announced, IReadOnlyList<string> Reannounced);

/// <summary>
/// Turns blobs in the drops container into BlobCreated events on the drop-events queue, remembering a receipt per
/// blob version so each is announced once. Locally this stands in for Event Grid; in Azure the sweep function uses
/// it to re-announce blobs whose event never arrived, so a lost event never loses a drop.
/// The event is sent before the receipt is written: a crash between the two announces the blob again, which
/// ReceiveDrop absorbs (it is idempotent per blob version); the other order could lose the drop.
/// </summary>
public sealed class DropAnnouncer(StorageAccount storage, TimeProvider clock)
{
    /// <param name="newBlobGrace">Announce a blob with no receipt only once it is this old (Azure: leave Event Grid
    /// time to deliver; locally: zero).</param>
    /// <param name="reannounceAfter">Announce again a blob announced this long ago and still not received.</param>
    /// <summary>Drops landed before <paramref name="receivedBefore"/> whose current version has not been received
    /// (ingested or rejected) yet: what a close waits for before it freezes its inputs.</summary>
    public async Task<IReadOnlyList<string>> PendingAsync(DateTimeOffset receivedBefore, CancellationToken cancellationToken = default)
    {
        var received = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var r in storage.Table(Names.DropReceiptsTable).QueryAsync<DropReceiptEntity>(x => x.PartitionKey == "receipt", cancellationToken: cancellationToken))
        {
            if (r.Status == DropReceiptEntity.Received) received[r.BlobName] = r.SourceETag;
        }

        var pending = new List<string>();
        await foreach (var blob in storage.Container(Names.Drops).GetBlobsAsync(cancellationToken: cancellationToken))
        {
            if ((blob.Properties.LastModified ?? DateTimeOffset.MaxValue) >= receivedBefore) continue;
            if (received.TryGetValue(blob.Name, out var etag) && etag == (blob.Properties.ETag?.ToString() ?? "")) continue;
            pending.Add(blob.Name);
        }

        return pending;
    }

    public async Task<AnnounceResult> ScanAsync(TimeSpan newBlobGrace, TimeSpan reannounceAfter, CancellationToken cancellationToken = default)
    {
        var receipts = storage.Table(Names.DropReceiptsTable);
        var known = new Dictionary<string, DropReceiptEntity>(StringComparer.Ordinal);
        await foreach (var r in receipts.QueryAsync<DropReceiptEntity>(x => x.PartitionKey == "receipt", cancellationToken: cancellationToken))
        {
            known[r.BlobName] = r;
        }

        var now = clock.GetUtcNow();
        var queue = storage.Queue(Names.DropEventsQueue);
        var container = storage.Container(Names.Drops);
        var announced = new List<string>();
        var reannounced = new List<string>();
        var blobs = 0;
        await foreach (var blob in container.GetBlobsAsync(cancellationToken: cancellationToken))
        {
            blobs++;
            var etag = blob.Properties.ETag?.ToString() ?? "";
            known.TryGetValue(blob.Name, out var receipt);
            var sameVersion = receipt is not null && receipt.SourceETag == etag;
            if (sameVersion && receipt!.Status == DropReceiptEntity.Received) continue;
            if (sameVersion && now - receipt!.AnnouncedAt < reannounceAfter) continue;
            if (!sameVersion && now - (blob.Properties.LastModified ?? now) < newBlobGrace) continue;

            var url = container.GetBlobClient(blob.Name).Uri;
            var message = BlobCreatedEvents.Create(url, Names.Drops, blob.Name, etag, blob.Properties.ContentLength ?? 0, blob.Properties.LastModified ?? now);
            await queue.SendMessageAsync(message, cancellationToken);
            await receipts.UpsertEntityAsync(new DropReceiptEntity
            {
                RowKey = DropReceiptEntity.KeyFor(blob.Name),
                BlobName = blob.Name,
                SourceETag = etag,
                Status = DropReceiptEntity.Announced,
                AnnouncedAt = now,
            }, TableUpdateMode.Replace, cancellationToken);
            (sameVersion ? reannounced : announced).Add(blob.Name);
        }

        return new AnnounceResult(blobs, announced, reannounced);
    }
}
