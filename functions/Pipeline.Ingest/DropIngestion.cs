using Pipeline.Domain.Ingest;
using Pipeline.Ingest.Lake;
using Pipeline.Azure;

namespace Pipeline.Ingest;

/// <summary>What ingesting a drop produced.</summary>
public sealed record IngestResult(DropOutcome Outcome, IReadOnlyList<LakeFile> LakeFiles, string FeedbackBlob, string? QuarantineBlob);

/// <summary>
/// Ingests one archived drop: reads the raw bytes, normalises every row, writes accepted rows to the lake,
/// rejected rows to quarantine, and the partner's feedback report. Every output has a name derived from the drop
/// id, so running it again after a crash rewrites the same blobs with the same bytes. When the file turns out to
/// be rejected as a whole (some problems only show at the end), the lake files written so far are deleted and the
/// feedback report says why.
/// </summary>
public sealed class DropIngestion(StorageAccount storage, ReferenceDataStore reference, IngestLimits? limits = null)
{
    /// <summary>What a drop may be (size, record length).</summary>
    public IngestLimits Limits { get; } = limits ?? IngestLimits.Default;

    public static string FeedbackBlob(string partnerId, string dropId) => $"{partnerId}/{dropId}.csv";
    public static string QuarantineBlob(string partnerId, string dropId) => $"{partnerId}/{dropId}.jsonl";

    public async Task<IngestResult> IngestAsync(string rawBlobName, string dropBlobName, DropContext drop, CancellationToken cancellationToken = default)
    {
        var data = await reference.LoadAsync(cancellationToken);
        var (address, rejection) = DropAddress.Parse(dropBlobName, data.Partners);
        if (address is null)
        {
            var outcome = new DropTally().Reject(rejection!);
            return new IngestResult(outcome, [], await WriteRejectionAsync(drop, rejection!, cancellationToken), null);
        }

        var profile = await reference.ProfileAsync(address.PartnerId, cancellationToken);
        var raw = storage.Container(Names.Raw).GetBlobClient(rawBlobName);
        var lake = storage.Container(Names.Lake);
        var feedbackName = FeedbackBlob(drop.PartnerId, drop.DropId);
        var quarantineName = QuarantineBlob(drop.PartnerId, drop.DropId);
        Stream Open(string blobName, Domain.Quarter _) => BlobOutput.OpenSpooled(lake.GetBlobClient(blobName), cancellationToken: cancellationToken);

        DropOutcome result;
        IReadOnlyList<LakeFile> files;
        await using (var input = (await raw.DownloadStreamingAsync(cancellationToken: cancellationToken)).Value.Content)
        await using (var feedbackStream = await BlobOutput.OpenAsync(storage.Container(Names.Feedback).GetBlobClient(feedbackName), cancellationToken))
        await using (var quarantineStream = await BlobOutput.OpenAsync(storage.Container(Names.Quarantine).GetBlobClient(quarantineName), cancellationToken))
        {
            await using var feedback = new FeedbackReportWriter(feedbackStream, leaveOpen: true);
            await using var quarantine = new QuarantineWriter(quarantineStream, RecordSchema.For(address.Kind), leaveOpen: true);
            var rejected = new FanOutRejectedSink(feedback, quarantine);
            (result, files) = await DropRows.IngestToLakeAsync(address.Kind, input, address.FileName, drop, data.Fx, profile, Open, rejected, limits, cancellationToken);
        }

        if (result.IsRejected)
        {
            foreach (var file in files) await lake.GetBlobClient(file.BlobName).DeleteIfExistsAsync(cancellationToken: cancellationToken);
            await storage.Container(Names.Quarantine).GetBlobClient(quarantineName).DeleteIfExistsAsync(cancellationToken: cancellationToken);
            return new IngestResult(result, [], await WriteRejectionAsync(drop, result.Rejection!, cancellationToken), null);
        }

        if (result.RowsRejected == 0)
        {
            await storage.Container(Names.Quarantine).GetBlobClient(quarantineName).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        }

        return new IngestResult(result, files, feedbackName, result.RowsRejected > 0 ? quarantineName : null);
    }

    /// <summary>A drop refused as a whole still gets a feedback report, so the partner learns why.</summary>
    public async Task<string> WriteRejectionAsync(DropContext drop, DropRejection rejection, CancellationToken cancellationToken = default)
    {
        var name = FeedbackBlob(drop.PartnerId, drop.DropId);
        await using var stream = await BlobOutput.OpenAsync(storage.Container(Names.Feedback).GetBlobClient(name), cancellationToken);
        await FeedbackReportWriter.WriteDropRejectionAsync(stream, rejection, cancellationToken);
        return name;
    }
}
