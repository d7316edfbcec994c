using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Pipeline.Domain.Drops;
using Pipeline.Azure;
using Pipeline.Ingest;
using Pipeline.Domain.Ingest;
using Pipeline.Domain.Partners;

namespace Pipeline.Ingest;

/// <summary>What happened to one BlobCreated event.</summary>
public sealed record DropReceipt(string DropId, string Path, string Outcome, string Reason, string? Sha256, long Size, bool Duplicate)
{
    public long RowsAccepted { get; init; }
    public long RowsRejected { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
}

/// <summary>
/// Receives a dropped blob: hashes it, copies its bytes untouched (server side) into <c>raw/{sha256}</c>, checks its path, and records an
/// audit row. Idempotent per blob version (the drop id is derived from the blob name and ETag), so a redelivered
/// or re-announced event changes nothing.
/// </summary>
public sealed class DropReceiver(StorageAccount storage, AuditLedger ledger, DropIngestion ingestion, TimeProvider clock)
{
    public static string DropIdFor(string blobName, string etag)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{blobName}\n{etag.Trim('"')}"));
        return Convert.ToHexStringLower(hash)[..24];
    }

    public async Task<DropReceipt> ReceiveAsync(BlobCreated ev, CancellationToken cancellationToken = default)
    {
        var dropId = DropIdFor(ev.BlobName, ev.ETag);

        if (!ev.Container.Equals(Names.Drops, StringComparison.Ordinal))
        {
            return await RecordAsync(NewAudit(dropId, ev, null) with { Outcome = AuditOutcomes.Rejected, Reason = $"the event is for container '{ev.Container}', not '{Names.Drops}'" }, cancellationToken);
        }

        _ = DropPath.TryParse(ev.BlobName, out var path, out var pathProblem);
        var done = await ledger.FindAsync(path?.PartnerId ?? "", dropId, cancellationToken);
        if (done is not null)
        {
            await MarkReceivedAsync(ev, dropId, cancellationToken);
            return new DropReceipt(dropId, done.Path, done.Outcome, done.Reason, done.Sha256, done.Size, Duplicate: true);
        }

        var record = NewAudit(dropId, ev, path);
        var source = storage.Container(Names.Drops).GetBlobClient(ev.BlobName);
        var conditions = new BlobRequestConditions { IfMatch = new ETag(ev.ETag) };
        string sha256;
        long size;
        DateTimeOffset written;
        try
        {
            // Type and size from the blob's properties, before any byte is read: a page or append blob (which an
            // upload link could create empty at gigabytes) or a file over the limit is refused without downloading it.
            var properties = (await source.GetPropertiesAsync(conditions, cancellationToken)).Value;
            var refusal = properties.BlobType != BlobType.Block
                ? new DropRejection(DropRejection.Codes.UnsupportedFormat, $"The file was stored as a {properties.BlobType.ToString().ToLowerInvariant()} blob; upload it as a block blob (one PUT with the header x-ms-blob-type: BlockBlob).")
                : properties.ContentLength > ingestion.Limits.MaxFileBytes
                    ? new DropRejection(DropRejection.Codes.TooLarge, $"The file is {properties.ContentLength:N0} bytes, larger than the {PeekableStream.Size(ingestion.Limits.MaxFileBytes)} a drop may be; split it into several files.")
                    : null;
            if (refusal is not null)
            {
                var refused = new DropContext(path?.PartnerId ?? AuditLedger.UnknownPartner, dropId, properties.LastModified);
                var feedback = path is null ? "" : await ingestion.WriteRejectionAsync(refused, refusal, cancellationToken);
                return await RecordAsync(record with
                {
                    Outcome = AuditOutcomes.Rejected, Size = properties.ContentLength, ReceivedAt = properties.LastModified,
                    Reason = refusal.Reason, Outputs = Output(Names.Feedback, feedback),
                }, cancellationToken);
            }

            (sha256, size, written) = await HashAsync(source, conditions, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return await RecordAsync(record with { Outcome = AuditOutcomes.Rejected, Reason = path is null ? pathProblem : "the blob was deleted before it could be received" }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 412 && path is null)
        {
            // A name we cannot address faithfully ('..' is collapsed by URI rules): the path problem is the answer.
            return await RecordAsync(record with { Outcome = AuditOutcomes.Rejected, Reason = pathProblem }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            // A newer version replaced it; that version has its own event, so this one is only noted.
            return await RecordAsync(record with { Outcome = AuditOutcomes.Superseded, Reason = "a newer version of the file replaced this one before it was received" }, cancellationToken);
        }

        // The blob's own write time, not the clock: a retried ingest stamps the same time on the same rows.
        record = record with { Size = size, Sha256 = sha256, ReceivedAt = written };
        var context = new DropContext(path?.PartnerId ?? AuditLedger.UnknownPartner, dropId, written);
        if (size == 0)
        {
            const string empty = "the file is empty (0 bytes)";
            var feedback = path is null ? "" : await ingestion.WriteRejectionAsync(context, new DropRejection(DropRejection.Codes.Empty, "The file is empty (0 bytes); send it again with its header and rows."), cancellationToken);
            return await RecordAsync(record with { Outcome = AuditOutcomes.Rejected, Reason = empty, Outputs = Output(Names.Feedback, feedback) }, cancellationToken);
        }

        var raw = storage.Container(Names.Raw).GetBlobClient(RawBlobName(sha256));
        try
        {
            if (!await ArchiveAsync(source, ev.ETag, raw, sha256, dropId, cancellationToken))
            {
                // The hashed version is gone: replaced (that version has its own event) or deleted.
                return await RecordAsync(await source.ExistsAsync(cancellationToken)
                    ? record with { Outcome = AuditOutcomes.Superseded, Reason = "a newer version of the file replaced this one before it was received" }
                    : record with { Outcome = AuditOutcomes.Rejected, Reason = "the blob was deleted before it could be received" }, cancellationToken);
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return await RecordAsync(record with { Outcome = AuditOutcomes.Rejected, Reason = "the blob was deleted before it could be received" }, cancellationToken);
        }

        record = record with { RawBlob = $"{Names.Raw}/{RawBlobName(sha256)}" };
        if (path is null)
        {
            // Archived all the same: raw keeps every byte a partner sent, whatever we think of its name. When the
            // first folder names a plausible partner, that partner gets a feedback report saying what is wrong.
            var folder = ev.BlobName.Split('/')[0];
            var feedback = Domain.Partners.PartnerId.IsValid(folder)
                ? (await ingestion.IngestAsync(RawBlobName(sha256), ev.BlobName, context with { PartnerId = folder }, cancellationToken)).FeedbackBlob
                : "";
            return await RecordAsync(record with { Outcome = AuditOutcomes.Rejected, Reason = pathProblem, Outputs = Output(Names.Feedback, feedback) }, cancellationToken);
        }

        var earlier = await SameContentAsync(path, sha256, dropId, cancellationToken);
        if (earlier is not null)
        {
            return await RecordAsync(record with
            {
                Outcome = AuditOutcomes.Duplicate,
                Reason = $"byte-identical to drop {earlier.DropId} ({earlier.Path}, received {earlier.ReceivedAt:yyyy-MM-dd HH:mm:ss}Z): nothing changed",
            }, cancellationToken);
        }

        var result = await ingestion.IngestAsync(RawBlobName(sha256), ev.BlobName, context, cancellationToken);
        var outcome = result.Outcome;
        return await RecordAsync(record with
        {
            Outcome = outcome.IsRejected ? AuditOutcomes.Rejected : AuditOutcomes.Accepted,
            Reason = outcome.Rejection?.Reason ?? "",
            RowsRead = outcome.RowsRead,
            RowsAccepted = outcome.RowsAccepted,
            RowsRejected = outcome.RowsRejected,
            TopReasons = string.Join("; ", outcome.TopReasons.Select(r => $"{r.Code} {r.Column} ({r.Rows})")),
            Outputs = string.Join('|', result.LakeFiles.Select(f => Output(Names.Lake, f.BlobName))
                .Append(Output(Names.Feedback, result.FeedbackBlob))
                .Concat(result.QuarantineBlob is null ? [] : [Output(Names.Quarantine, result.QuarantineBlob)])),
        }, cancellationToken);
    }

    private static string Output(string container, string blob) => blob.Length == 0 ? "" : $"{container}/{blob}";

    /// <summary>An earlier accepted drop of the partner with the same kind and the same bytes: re-sending a file is a no-op.</summary>
    private async Task<AuditRecord?> SameContentAsync(DropPath path, string sha256, string dropId, CancellationToken cancellationToken) =>
        (await ledger.ReadAsync(path.PartnerId, cancellationToken))
            .FirstOrDefault(r => r.Sha256 == sha256 && r.Kind == path.Kind && r.DropId != dropId && r.Outcome == AuditOutcomes.Accepted);

    public static string RawBlobName(string sha256) => sha256;

    /// <summary>
    /// Archives the hashed version of the drop as <c>raw/{sha256}</c> with a server-side copy: the storage service
    /// copies the bytes within the account (Azurite only links them), so the pipeline does not download and
    /// upload the file a second time. The source must still be the version that was hashed (If-Match on its
    /// ETag), so raw holds exactly the bytes its name says. A copy left pending or failed by a crash is
    /// waited for or redone: ingestion reads raw only once it is complete.
    /// </summary>
    /// <returns>False when the drop no longer is the version that was hashed (a newer one replaced it).</returns>
    private static async Task<bool> ArchiveAsync(BlobClient source, string etag, BlobClient raw, string sha256, string dropId, CancellationToken cancellationToken)
    {
        var overwrite = false;
        try
        {
            var existing = (await raw.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            if (await CopyCompletedAsync(raw, existing, cancellationToken)) return true;
            overwrite = true; // a copy that failed or was aborted: its partial content must be replaced
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }

        var options = new BlobCopyFromUriOptions
        {
            SourceConditions = new BlobRequestConditions { IfMatch = new ETag(etag) },
            DestinationConditions = overwrite ? null : new BlobRequestConditions { IfNoneMatch = ETag.All },
            Metadata = new Dictionary<string, string> { ["sha256"] = sha256, ["firstDropId"] = dropId },
        };
        try
        {
            var copy = await raw.StartCopyFromUriAsync(source.Uri, options, cancellationToken);
            await copy.WaitForCompletionAsync(CopyPollInterval, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 412 && e.ErrorCode == "SourceConditionNotMet")
        {
            return false;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412 && e.ErrorCode is "BlobAlreadyExists" or "ConditionNotMet")
        {
            // Either another delivery archived the same bytes first (the content is identical by construction), or
            // the drop changed since it was hashed: Azurite reports a failed source If-Match as ConditionNotMet, so
            // an absent raw blob tells the two apart.
            BlobProperties existing;
            try
            {
                existing = (await raw.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            }
            catch (RequestFailedException missing) when (missing.Status == 404)
            {
                return false;
            }
            if (!await CopyCompletedAsync(raw, existing, cancellationToken)) throw new InvalidOperationException($"the copy of {raw.Name} into raw failed; the delivery will be retried");
            return true;
        }
        var done = (await raw.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        if (!await CopyCompletedAsync(raw, done, cancellationToken)) throw new InvalidOperationException($"the copy of {raw.Name} into raw ended {done.CopyStatus}: {done.CopyStatusDescription}; the delivery will be retried");
        return true;
    }

    private static readonly TimeSpan CopyPollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Whether a raw blob holds complete content: uploaded directly (no copy status), or a copy that succeeded (waiting while it is pending).</summary>
    private static async Task<bool> CopyCompletedAsync(BlobClient raw, BlobProperties properties, CancellationToken cancellationToken)
    {
        // A blob that was never copied has no copy id (its CopyStatus then reads as the enum's default, Pending).
        if (string.IsNullOrEmpty(properties.CopyId)) return true;
        while (properties.CopyStatus == CopyStatus.Pending)
        {
            await Task.Delay(CopyPollInterval, cancellationToken);
            properties = (await raw.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        }
        return properties.CopyStatus == CopyStatus.Success;
    }

    private static async Task<(string Sha256, long Size, DateTimeOffset LastModified)> HashAsync(BlobClient blob, BlobRequestConditions conditions, CancellationToken cancellationToken)
    {
        var download = await blob.DownloadStreamingAsync(new BlobDownloadOptions { Conditions = conditions }, cancellationToken);
        await using var content = download.Value.Content;
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long size = 0;
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            sha.AppendData(buffer, 0, read);
            size += read;
        }

        return (Convert.ToHexStringLower(sha.GetHashAndReset()), size, download.Value.Details.LastModified);
    }

    private AuditRecord NewAudit(string dropId, BlobCreated ev, DropPath? path) => new()
    {
        DropId = dropId,
        Path = ev.BlobName,
        PartnerId = path?.PartnerId ?? "",
        Kind = path?.Kind ?? "",
        FileName = path?.FileName ?? "",
        Size = ev.ContentLength,
        SourceETag = ev.ETag,
        ReceivedAt = clock.GetUtcNow(),
        Outcome = "",
    };

    private async Task<DropReceipt> RecordAsync(AuditRecord r, CancellationToken cancellationToken)
    {
        var appended = await ledger.AppendAsync(r with { CompletedAt = clock.GetUtcNow() }, cancellationToken);
        var stored = appended.Record;
        await MarkReceivedAsync(stored.Path, stored.SourceETag, stored.DropId, cancellationToken);
        return new DropReceipt(stored.DropId, stored.Path, stored.Outcome, stored.Reason, string.IsNullOrEmpty(stored.Sha256) ? null : stored.Sha256, stored.Size, Duplicate: appended.AlreadyRecorded)
        {
            RowsAccepted = stored.RowsAccepted,
            RowsRejected = stored.RowsRejected,
            ReceivedAt = stored.ReceivedAt,
            CompletedAt = stored.CompletedAt,
        };
    }

    private Task MarkReceivedAsync(BlobCreated ev, string dropId, CancellationToken cancellationToken) =>
        MarkReceivedAsync(ev.BlobName, ev.ETag, dropId, cancellationToken);

    private async Task MarkReceivedAsync(string blobName, string etag, string dropId, CancellationToken cancellationToken)
    {
        var receipt = new DropReceiptEntity
        {
            RowKey = DropReceiptEntity.KeyFor(blobName),
            BlobName = blobName,
            SourceETag = etag,
            Status = DropReceiptEntity.Received,
            AnnouncedAt = clock.GetUtcNow(),
            DropId = dropId,
        };
        await storage.Table(Names.DropReceiptsTable).UpsertEntityAsync(receipt, global::Azure.Data.Tables.TableUpdateMode.Replace, cancellationToken);
    }
}
