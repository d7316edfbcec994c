using Pipeline.Domain.Close;
using Pipeline.Domain.Deals;
using Pipeline.Azure;
using Pipeline.Ingest.Lake;

namespace Pipeline.Close;

/// <summary>
/// Reads the current state of the lake: the audit ledger says which drops count (<see cref="CurrentState"/>), their
/// Parquet files hold the rows.
/// </summary>
public sealed class LakeStateReader(StorageAccount storage, AuditLedger audit)
{
    private const string LakePrefix = LakePaths.Container + "/";
    private const int DownloadParallelism = 16;
    private static readonly string DealsPrefix = DealLakeTable.Instance.Name + "/";

    /// <summary>The current drops and their lake files, with each file's version (sorted by name).</summary>
    public async Task<IReadOnlyList<ManifestFile>> CurrentFilesAsync(CancellationToken cancellationToken = default)
    {
        var drops = new List<AuditedDrop>();
        await foreach (var r in audit.ReadAllAsync(cancellationToken)) drops.Add(Audited(r));
        return await FilesOfAsync(drops, cancellationToken);
    }

    /// <summary>The current lake files of one partner: its own audit chain only (a drop supersedes only a drop at the
    /// same path, which names the partner), so a partner's projection does not read every partner's ledger.</summary>
    public async Task<IReadOnlyList<ManifestFile>> CurrentFilesAsync(string partnerId, CancellationToken cancellationToken = default) =>
        await FilesOfAsync([.. (await audit.ReadAsync(partnerId, cancellationToken)).Select(Audited)], cancellationToken);

    private static AuditedDrop Audited(AuditRecord r) =>
        new(r.DropId, r.Path, r.PartnerId, r.Outcome, r.Sequence, [.. r.Outputs.Split('|', StringSplitOptions.RemoveEmptyEntries)
            .Where(o => o.StartsWith(LakePrefix, StringComparison.Ordinal))
            .Select(o => o[LakePrefix.Length..])]);

    private async Task<IReadOnlyList<ManifestFile>> FilesOfAsync(List<AuditedDrop> drops, CancellationToken cancellationToken)
    {

        // One listing of the lake gives every file's version (a property read per file would be 30,000 requests at
        // 10,000 partners); a file the listing missed (written meanwhile) is read on its own, and a missing one fails.
        var container = storage.Container(Names.Lake);
        var listed = new Dictionary<string, (string ETag, long Size)>(StringComparer.Ordinal);
        await foreach (var item in container.GetBlobsAsync(global::Azure.Storage.Blobs.Models.BlobTraits.None, global::Azure.Storage.Blobs.Models.BlobStates.None, null, cancellationToken))
            listed[item.Name] = (Quoted(item.Properties.ETag?.ToString() ?? ""), item.Properties.ContentLength ?? 0);
        var result = new List<ManifestFile>();
        foreach (var drop in CurrentState.CurrentDrops(drops))
        {
            foreach (var file in drop.LakeFiles)
            {
                if (!listed.TryGetValue(file, out var version) || version.ETag.Length == 0)
                {
                    var props = await container.GetBlobClient(file).GetPropertiesAsync(cancellationToken: cancellationToken);
                    version = (props.Value.ETag.ToString(), props.Value.ContentLength);
                }

                result.Add(new ManifestFile(file, drop.PartnerId, drop.Sequence, version.ETag, version.Size));
            }
        }

        return [.. result.OrderBy(f => f.Name, StringComparer.Ordinal)];
    }

    /// <summary>Drops what <see cref="ReadAsync"/> kept of these files (read with keep, but nobody will read them again).</summary>
    public void Release(IEnumerable<ManifestFile> files)
    {
        foreach (var f in files)
        {
            if (_kept.TryRemove((f.Name, f.ETag), out var kept)) Interlocked.Add(ref _keptBytes, -kept.Length);
        }
    }

    /// <summary>A listing may give an ETag without the quotes its response header has: the manifest keeps the header's form.</summary>
    private static string Quoted(string etag) => etag.Length == 0 || etag.StartsWith('"') ? etag : $"\"{etag}\"";

    // Lake file versions (name and ETag: a version never changes) read with keep=true, until a read without it takes
    // them: a close's freeze reads every file, then its payout batches read each once more. Bounded; a miss downloads.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Name, string ETag), byte[]> _kept = new();
    private long _keptBytes;
    private const long MaxKeptBytes = 256L * 1024 * 1024;

    /// <summary>The rows of the given lake files. <paramref name="keep"/>: hold the bytes in memory for one later read
    /// (up to 256 MB in all); a read without it uses and releases them.</summary>
    public async Task<(List<LakeDeal> Deals, List<LakeMetric> Metrics)> ReadAsync(IEnumerable<ManifestFile> files, bool keep = false, CancellationToken cancellationToken = default)
    {
        var deals = new List<LakeDeal>();
        var metrics = new List<LakeMetric>();
        var container = storage.Container(Names.Lake);
        var list = files.ToList();
        // Downloaded several at a time (a partner's files are small: the round trips dominate), read in order.
        var contents = new byte[list.Count][];
        await Parallel.ForEachAsync(Enumerable.Range(0, list.Count), new ParallelOptions { MaxDegreeOfParallelism = DownloadParallelism, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var key = (list[i].Name, list[i].ETag);
                if (_kept.TryRemove(key, out var kept))
                {
                    Interlocked.Add(ref _keptBytes, -kept.Length);
                    contents[i] = kept;
                    return;
                }

                contents[i] = (await container.GetBlobClient(list[i].Name).DownloadContentAsync(ct)).Value.Content.ToArray();
                if (keep && Interlocked.Add(ref _keptBytes, contents[i].Length) <= MaxKeptBytes && _kept.TryAdd(key, contents[i])) return;
                if (keep) Interlocked.Add(ref _keptBytes, -contents[i].Length);
            });
        for (var f = 0; f < list.Count; f++)
        {
            var file = list[f];
            using var buffer = new MemoryStream(contents[f], writable: false);
            contents[f] = [];
            if (file.Name.StartsWith(DealsPrefix, StringComparison.Ordinal))
            {
                await foreach (var rg in DealLakeTable.ReadAsync(buffer, cancellationToken)) await ReadDealsAsync(rg, file.Sequence, deals, cancellationToken);
            }
            else
            {
                await foreach (var rg in MetricLakeTable.ReadAsync(buffer, cancellationToken)) await ReadMetricsAsync(rg, file.Sequence, metrics, cancellationToken);
            }
        }

        return (deals, metrics);
    }

    // Each deal is built straight from the column arrays, without a deals array per row group in between: the close
    // reads every deal of the quarter, and the intermediate arrays raised its peak working set by about 90 MB at
    // 2,000 partners (pipeline benchmark close --partners 2000 --deals 400000: 531-559 MB against 452 MB).
    private static async Task ReadDealsAsync(DealRowGroup rg, long sequence, List<LakeDeal> into, CancellationToken ct)
    {
        var drop = await rg.DropIdsAsync(ct);
        var partner = await rg.PartnerIdsAsync(ct);
        var line = await rg.LinesAsync(ct);
        var dealId = await rg.DealIdsAsync(ct);
        var close = await rg.CloseDatesAsync(ct);
        var product = await rg.ProductsAsync(ct);
        var quantity = await rg.QuantitiesAsync(ct);
        var list = await rg.ListAmountsAsync(ct);
        var net = await rg.NetAmountsAsync(ct);
        var currency = await rg.CurrenciesAsync(ct);
        var usdList = await rg.UsdListsAsync(ct);
        var usdNet = await rg.UsdNetsAsync(ct);
        var status = await rg.StatusTextsAsync(ct);
        var refund = await rg.RefundDatesAsync(ct);
        var received = await rg.ReceivedAtUtcAsync(ct);
        for (var i = 0; i < rg.Count; i++)
        {
            var deal = new NormalisedDeal(dealId[i]!, partner[i]!, close[i], product[i] ?? "", quantity[i], list[i], net[i], currency[i]!, usdNet[i], usdList[i],
                DealLakeTable.StatusOf(status[i]), refund[i]);
            into.Add(new LakeDeal(new RowOrigin(drop[i]!, sequence, line[i], new DateTimeOffset(received[i])), deal));
        }
    }

    private static async Task ReadMetricsAsync(MetricRowGroup rg, long sequence, List<LakeMetric> into, CancellationToken ct)
    {
        var drop = await rg.DropIdsAsync(ct);
        var line = await rg.LinesAsync(ct);
        var received = await rg.ReceivedAtAsync(ct);
        var reading = await rg.ReadingsAsync(ct);
        for (var i = 0; i < rg.Count; i++) into.Add(new LakeMetric(new RowOrigin(drop[i]!, sequence, line[i], received[i]), reading[i]));
    }
}
