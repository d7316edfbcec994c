using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Storage.Blobs.Models;
using Pipeline.Domain;
using Pipeline.Domain.Ingest;
using Pipeline.Dev.Samples;
using Pipeline.Azure;
using Pipeline.Ingest;
using Pipeline.Ingest.Lake;
using Pipeline.Domain.Deals;
using Pipeline.Domain.Partners;

namespace Pipeline.Dev.CrossChecks;

/// <summary>How <see cref="GeneratedCloseQuarter.SeedAsync"/> puts the drops in.</summary>
public enum CloseSeedPath
{
    /// <summary>Each drop uploaded, then handed to <see cref="DropReceiver"/> (what ReceiveDrop runs for a BlobCreated
    /// event), many at a time: exactly what the app does, minus the queue. It loads the registry once per drop, so it
    /// suits hundreds of partners, not ten thousand.</summary>
    Receiver,

    /// <summary>Each drop uploaded and archived to raw, its rows normalised with <see cref="DropRows"/> and written with
    /// the lake writer to the lake, its feedback report written, its audit record appended and its receipt stored: the
    /// receiver's steps with the reference data loaded once. For benchmarks at 10,000 partners.</summary>
    FileLevel,
}

/// <summary>
/// A generated quarter for closes at scale (the crash test, <c>benchmark close</c>): a registry of resellers and agencies
/// (one in <see cref="AgencyEvery"/> is an agency), one deals CSV per reseller and one metrics CSV per agency, all
/// deterministic for a seed. Every partner is active and has data, deal ids are unique (prefixed with the partner) and a
/// few deals close in the previous quarter, so the close holds nothing and runs through. Amounts are log-uniform (they
/// follow Benford's law), some deals are discounted past 30% and some refunded.
/// </summary>
public sealed class GeneratedCloseQuarter(Quarter quarter, int partners, long deals, int seed = 20261123)
{
    public const int AgencyEvery = 5;

    public Quarter Quarter { get; } = quarter;
    public int Partners { get; } = partners;
    public int Resellers => Partners - Agencies;
    public int Agencies => (Partners + AgencyEvery - 1) / AgencyEvery;

    public static string PartnerId(int i) => string.Create(CultureInfo.InvariantCulture, $"p{i:D5}");

    public static bool IsAgency(int i) => i % AgencyEvery == 0;

    /// <summary>Deals of reseller <paramref name="i"/>: the average, varied ±50% per partner (at least one).</summary>
    private int DealsOf(int i)
    {
        var average = Resellers == 0 ? 0 : (double)deals / Resellers;
        var random = new Random(Seed(i, 1));
        return Math.Max(1, (int)Math.Round(average * (0.5 + random.NextDouble())));
    }

    // Not HashCode.Combine: it is seeded per process, and the same seed must give the same quarter in every run.
    private int Seed(int partner, int stream) => unchecked((seed * 1_000_003) + (partner * 4) + stream);

    public string RegistryCsv()
    {
        var csv = new StringBuilder("partner_id,name,type,base_fee,quarterly_target,joined,status\r\n");
        for (var i = 0; i < Partners; i++)
        {
            var agency = IsAgency(i);
            var target = agency ? 0m : Math.Round(DealsOf(i) * 2_000m, 0);
            csv.Append(CultureInfo.InvariantCulture,
                $"{PartnerId(i)},Partner {i:D5},{(agency ? PartnerTypes.Agency : PartnerTypes.Reseller)},{(agency ? 10_000m + i % 500 * 10 : 0m):0.00},{target:0.00},2024-01-01,active\r\n");
        }

        return csv.ToString();
    }

    /// <summary>The drop of partner <paramref name="i"/>: its path under <c>drops/</c> and its CSV.</summary>
    public (string Path, string Csv, long Rows) Drop(int i)
    {
        var id = PartnerId(i);
        var random = new Random(Seed(i, 2));
        var csv = new StringBuilder();
        if (IsAgency(i))
        {
            csv.Append("date,metric,value\r\n");
            var weeks = 13;
            for (var week = 0; week < weeks; week++)
            {
                var date = Quarter.Start.AddDays(7 * week).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                csv.Append(CultureInfo.InvariantCulture, $"{date},engagement_rate,{0.15 + 0.15 * random.NextDouble():0.0000}\r\n");
                csv.Append(CultureInfo.InvariantCulture, $"{date},conversion_rate,{0.01 + 0.02 * random.NextDouble():0.0000}\r\n");
                csv.Append(CultureInfo.InvariantCulture, $"{date},on_time_rate,{0.8 + 0.2 * random.NextDouble():0.0000}\r\n");
                csv.Append(CultureInfo.InvariantCulture, $"{date},response_hours,{8 + 20 * random.NextDouble():0.0}\r\n");
            }

            return ($"{id}/metrics/{Quarter}.csv", csv.ToString(), weeks * 4);
        }

        csv.Append("deal_id,close_date,customer_id,product,quantity,list_amount,net_amount,currency,status,refund_date\r\n");
        var count = DealsOf(i);
        var days = Quarter.End.DayNumber - Quarter.Start.DayNumber + 1;
        for (var d = 0; d < count; d++)
        {
            // one deal in fifty closed in the previous quarter: the drop spans two lake files, as real drops do
            var close = random.Next(50) == 0 ? Quarter.Start.AddDays(-1 - random.Next(20)) : Quarter.Start.AddDays(random.Next(days));
            var net = Math.Round((decimal)Math.Pow(10, 2 + 3 * random.NextDouble()), 2);
            var discount = random.Next(20) == 0 ? 0.35m : random.Next(0, 25) / 100m;
            var list = Math.Round(net / (1m - discount), 2, MidpointRounding.AwayFromZero);
            var refunded = random.Next(40) == 0;
            var refund = refunded ? close.AddDays(random.Next(1, 30)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "";
            csv.Append(CultureInfo.InvariantCulture,
                $"{id.ToUpperInvariant()}-{d:D6},{close:yyyy-MM-dd},C-{random.Next(100_000):D5},Data Gateway,{random.Next(1, 5)},{list:0.00},{net:0.00},USD,{(refunded ? DealStatuses.Refunded : DealStatuses.Won)},{refund}\r\n");
        }

        return ($"{id}/deals/{Quarter}.csv", csv.ToString(), count);
    }

    /// <summary>The registry and FX rates to <c>config/</c>.</summary>
    public async Task WriteConfigAsync(StorageAccount storage, CancellationToken cancellationToken = default)
    {
        var config = storage.Container(Names.Config);
        await config.GetBlobClient(ReferenceDataLoader.PartnersBlob).UploadAsync(BinaryData.FromString(RegistryCsv()), overwrite: true, cancellationToken);
        var fx = new SampleDataGenerator();
        foreach (var year in new[] { Quarter.Previous().Year, Quarter.Year }.Distinct())
            await config.GetBlobClient($"{ReferenceDataLoader.FxPrefix}{year}.csv").UploadAsync(BinaryData.FromString(fx.FxCsv(year)), overwrite: true, cancellationToken);
    }

    /// <summary>Writes the config, then every partner's drop, <paramref name="parallelism"/> at a time; returns the rows put in.</summary>
    public async Task<long> SeedAsync(
        StorageAccount storage, AuditLedger audit, DropReceiver? receiver, CloseSeedPath path, int parallelism = 16,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        await WriteConfigAsync(storage, cancellationToken);
        var reference = path == CloseSeedPath.FileLevel ? await new ReferenceDataStore(storage).LoadAsync(cancellationToken) : null;
        long rows = 0;
        var done = 0;
        var failures = new ConcurrentQueue<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Partners), new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var (name, csv, count) = Drop(i);
            var bytes = Encoding.UTF8.GetBytes(csv);
            var uploaded = await storage.Container(Names.Drops).GetBlobClient(name).UploadAsync(BinaryData.FromBytes(bytes), overwrite: true, ct);
            // In the form a listing gives it, as the drop announcer puts it in the event (and compares receipts with).
            var etag = uploaded.Value.ETag.ToString().Trim('"');
            string outcome;
            if (path == CloseSeedPath.Receiver)
            {
                var blob = storage.Container(Names.Drops).GetBlobClient(name);
                var receipt = await (receiver ?? throw new ArgumentNullException(nameof(receiver)))
                    .ReceiveAsync(new BlobCreated(Guid.NewGuid().ToString("N"), blob.Uri, Names.Drops, name, etag, bytes.Length), ct);
                outcome = receipt.Outcome;
            }
            else
            {
                outcome = await IngestFileLevelAsync(storage, audit, reference!, name, etag, uploaded.Value.LastModified, bytes, ct);
            }

            if (outcome != AuditOutcomes.Accepted) failures.Enqueue($"{name}: {outcome}");
            Interlocked.Add(ref rows, count);
            var n = Interlocked.Increment(ref done);
            if (n % 500 == 0) progress?.Report(n);
        });
        if (!failures.IsEmpty) throw new InvalidOperationException($"{failures.Count} generated drop(s) were not accepted: {string.Join("; ", failures.Take(5))}");
        return rows;
    }

    /// <summary>The receiver's steps for a fresh, well-formed drop (<see cref="DropReceiver.ReceiveAsync"/> and
    /// <see cref="DropIngestion.IngestAsync"/>), with the reference data loaded once instead of per drop.</summary>
    private static async Task<string> IngestFileLevelAsync(
        StorageAccount storage, AuditLedger audit, ReferenceData reference, string name, string etag, DateTimeOffset written, byte[] bytes, CancellationToken ct)
    {
        if (!Domain.Drops.DropPath.TryParse(name, out var path, out var problem)) throw new InvalidOperationException(problem);
        var dropId = DropReceiver.DropIdFor(name, etag);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var raw = storage.Container(Names.Raw).GetBlobClient(DropReceiver.RawBlobName(sha256));
        try
        {
            await raw.UploadAsync(BinaryData.FromBytes(bytes), new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                Metadata = new Dictionary<string, string> { ["sha256"] = sha256, ["firstDropId"] = dropId },
            }, ct);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // the same bytes archived already
        }

        var drop = new DropContext(path!.PartnerId, dropId, written);
        var lake = storage.Container(Names.Lake);
        // Buffered and put in one request per file (the app streams with block uploads: three requests for a small file);
        // the bytes are the same.
        Stream Open(string blobName, Quarter _) => new UploadOnDispose(lake.GetBlobClient(blobName), ct);
        var feedbackName = DropIngestion.FeedbackBlob(drop.PartnerId, drop.DropId);
        DropOutcome result;
        IReadOnlyList<LakeFile> files;
        await using (var input = new MemoryStream(bytes, writable: false))
        await using (var feedbackStream = new UploadOnDispose(storage.Container(Names.Feedback).GetBlobClient(feedbackName), ct))
        {
            await using var feedback = new FeedbackReportWriter(feedbackStream, leaveOpen: true);
            var kind = path.Kind == Domain.Drops.DropFolders.Deals ? DropKind.Deals : DropKind.Metrics;
            (result, files) = await DropRows.IngestToLakeAsync(kind, input, path.FileName, drop, reference.Fx, null, Open, feedback, null, ct);
        }

        if (result.IsRejected || result.RowsRejected > 0)
            throw new InvalidOperationException($"Generated drop {name} was not clean: {result.Rejection?.Reason ?? $"{result.RowsRejected} row(s) rejected"}");

        var now = DateTimeOffset.UtcNow;
        var stored = await audit.AppendAsync(new AuditRecord
        {
            DropId = dropId,
            Path = name,
            PartnerId = path.PartnerId,
            Kind = path.Kind,
            FileName = path.FileName,
            Size = bytes.Length,
            Sha256 = sha256,
            SourceETag = etag,
            RawBlob = $"{Names.Raw}/{DropReceiver.RawBlobName(sha256)}",
            ReceivedAt = written,
            CompletedAt = now,
            Outcome = AuditOutcomes.Accepted,
            RowsRead = result.RowsRead,
            RowsAccepted = result.RowsAccepted,
            RowsRejected = result.RowsRejected,
            Outputs = string.Join('|', files.Select(f => $"{Names.Lake}/{f.BlobName}").Append($"{Names.Feedback}/{feedbackName}")),
        }, ct);
        await storage.Table(Names.DropReceiptsTable).UpsertEntityAsync(new DropReceiptEntity
        {
            RowKey = DropReceiptEntity.KeyFor(name),
            BlobName = name,
            SourceETag = etag,
            Status = DropReceiptEntity.Received,
            AnnouncedAt = now,
            DropId = dropId,
        }, global::Azure.Data.Tables.TableUpdateMode.Replace, ct);
        return stored.Record.Outcome;
    }

    /// <summary>A memory stream that uploads its content to the blob when disposed.</summary>
    private sealed class UploadOnDispose(global::Azure.Storage.Blobs.BlobClient blob, CancellationToken cancellationToken) : MemoryStream
    {
        private bool _uploaded;

        public override async ValueTask DisposeAsync()
        {
            await UploadAsync();
            await base.DisposeAsync();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) UploadAsync().AsTask().GetAwaiter().GetResult();
            base.Dispose(disposing);
        }

        private async ValueTask UploadAsync()
        {
            if (_uploaded) return;
            _uploaded = true;
            await blob.UploadAsync(new BinaryData(ToArray()), overwrite: true, cancellationToken);
        }
    }
}
