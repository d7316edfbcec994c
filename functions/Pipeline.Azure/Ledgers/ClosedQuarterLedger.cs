using Azure;
using Azure.Data.Tables;
using Pipeline.Domain;
using Pipeline.Domain.Close;

namespace Pipeline.Azure;

/// <summary>A quarter as recorded when it closed.</summary>
public sealed record ClosedQuarterEntry(string Quarter, int Partners, decimal TotalEarned, decimal BalanceDue, string ManifestHash, string ProgramId, string ProgramVersion);

/// <summary>
/// The append-only ledger of closes: one row per closed quarter (<c>ClosedQuarters</c>) and one per partner and quarter
/// (<c>ClosedPayouts</c>, partition = partner, so a partner's history is one partition). Rows are only ever inserted:
/// a second insert of the same key keeps the first, so a closed quarter never changes.
/// </summary>
public sealed class ClosedQuarterLedger(StorageAccount storage)
{
    private const string QuarterPartition = "quarter";

    private TableClient Quarters => storage.Table(Names.ClosedQuartersTable);
    private TableClient Payouts => storage.Table(Names.ClosedPayoutsTable);

    public async Task<ClosedQuarterEntry?> FindAsync(Quarter quarter, CancellationToken cancellationToken = default)
    {
        var row = await Quarters.GetEntityIfExistsAsync<TableEntity>(QuarterPartition, quarter.ToString(), cancellationToken: cancellationToken);
        return row.HasValue ? CloseJson.Read<ClosedQuarterEntry>(row.Value!.GetString("Json")) : null;
    }

    public async Task<IReadOnlyList<ClosedQuarterEntry>> AllAsync(CancellationToken cancellationToken = default)
    {
        var all = new List<ClosedQuarterEntry>();
        await foreach (var row in Quarters.QueryAsync<TableEntity>(e => e.PartitionKey == QuarterPartition, cancellationToken: cancellationToken))
            all.Add(CloseJson.Read<ClosedQuarterEntry>(row.GetString("Json")));
        return [.. all.OrderBy(e => e.Quarter, StringComparer.Ordinal)];
    }

    /// <summary>Records a partner's closed quarter unless it is recorded already.</summary>
    public Task RecordPartnerAsync(ClosedPartnerQuarter record, CancellationToken cancellationToken = default) =>
        InsertAsync(Payouts, PartnerEntity(record), cancellationToken);

    /// <summary>
    /// The row of a partner's quarter. The record lists every paid deal (for clawbacks), so a reseller with a few hundred
    /// deals outgrows a table property (64 KB, 32K characters): then the JSON goes gzipped into binary properties
    /// <c>Gzip0..GzipN</c> of at most 64 KB each (an entity holds 1 MB: tens of thousands of deals). Small records keep
    /// the readable <c>Json</c> property. Deterministic: the same record gives the same row.
    /// </summary>
    public static TableEntity PartnerEntity(ClosedPartnerQuarter record)
    {
        var entity = new TableEntity(TableKeys.Encode(record.PartnerId), record.Quarter.ToString());
        var json = CloseJson.Text(record);
        if (json.Length <= MaxStringProperty)
        {
            entity["Json"] = json;
            return entity;
        }

        using var compressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
            gzip.Write(CloseJson.CompactBytes(record)); // nobody reads it unzipped: no indentation
        var bytes = compressed.ToArray();
        var chunks = (bytes.Length + MaxBinaryProperty - 1) / MaxBinaryProperty;
        if (chunks > MaxChunks)
            throw new InvalidOperationException($"The closed quarter {record.Quarter} of partner {record.PartnerId} needs {bytes.Length:N0} compressed bytes; a ledger row holds {MaxChunks * MaxBinaryProperty:N0}.");
        entity["Chunks"] = chunks;
        for (var i = 0; i < chunks; i++)
            entity[$"Gzip{i}"] = bytes.AsSpan(i * MaxBinaryProperty, Math.Min(MaxBinaryProperty, bytes.Length - i * MaxBinaryProperty)).ToArray();
        return entity;
    }

    public static ClosedPartnerQuarter ReadPartner(TableEntity row)
    {
        if (row.GetString("Json") is { } json) return CloseJson.Read<ClosedPartnerQuarter>(json);
        var chunks = row.GetInt32("Chunks") ?? throw new InvalidDataException($"Ledger row {row.PartitionKey}/{row.RowKey} has neither Json nor Gzip chunks.");
        using var compressed = new MemoryStream();
        for (var i = 0; i < chunks; i++) compressed.Write(row.GetBinary($"Gzip{i}"));
        compressed.Position = 0;
        using var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, System.Text.Encoding.UTF8);
        return CloseJson.Read<ClosedPartnerQuarter>(reader.ReadToEnd());
    }

    private const int MaxStringProperty = 30_000;
    private const int MaxBinaryProperty = 60_000;
    private const int MaxChunks = 15;

    /// <summary>Records the quarter as closed (after every partner's row) unless it is recorded already.</summary>
    public Task RecordQuarterAsync(ClosedQuarterEntry entry, CancellationToken cancellationToken = default) =>
        InsertAsync(Quarters, new TableEntity(QuarterPartition, entry.Quarter)
        {
            ["Json"] = CloseJson.Text(entry),
            ["TotalEarned"] = entry.TotalEarned.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ManifestHash"] = entry.ManifestHash,
            ["ProgramVersion"] = entry.ProgramVersion,
        }, cancellationToken);

    /// <summary>Each partner's closed quarters among <paramref name="closedQuarters"/>, oldest first (none asked: no query).</summary>
    public async Task<Dictionary<string, IReadOnlyList<ClosedPartnerQuarter>>> PartnerHistoriesAsync(
        IEnumerable<string> partnerIds, ISet<string> closedQuarters, CancellationToken cancellationToken = default)
    {
        var ids = partnerIds.Distinct(StringComparer.Ordinal).ToList();
        var result = new System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<ClosedPartnerQuarter>>(StringComparer.Ordinal);
        if (closedQuarters.Count == 0) return ids.ToDictionary(id => id, _ => (IReadOnlyList<ClosedPartnerQuarter>)[], StringComparer.Ordinal);
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (id, ct) => result[id] = await PartnerHistoryAsync(id, closedQuarters, ct));
        return result.ToDictionary(StringComparer.Ordinal);
    }

    /// <summary>Every partner's total earned in <paramref name="quarter"/> as recorded (one query for the quarter's rows).</summary>
    public async Task<Dictionary<string, decimal>> QuarterTotalsAsync(Quarter quarter, CancellationToken cancellationToken = default)
    {
        var q = quarter.ToString();
        var totals = new Dictionary<string, decimal>(StringComparer.Ordinal);
        await foreach (var row in Payouts.QueryAsync<TableEntity>(e => e.RowKey == q, cancellationToken: cancellationToken))
        {
            var record = ReadPartner(row);
            totals[record.PartnerId] = record.TotalEarned;
        }

        return totals;
    }

    /// <summary>The partner's closed quarters, oldest first (only quarters whose close completed).</summary>
    public async Task<IReadOnlyList<ClosedPartnerQuarter>> PartnerHistoryAsync(string partnerId, ISet<string> closedQuarters, CancellationToken cancellationToken = default)
    {
        var list = new List<ClosedPartnerQuarter>();
        var pk = TableKeys.Encode(partnerId);
        await foreach (var row in Payouts.QueryAsync<TableEntity>(e => e.PartitionKey == pk, cancellationToken: cancellationToken))
        {
            if (closedQuarters.Contains(row.RowKey)) list.Add(ReadPartner(row));
        }

        return [.. list.OrderBy(c => c.Quarter)];
    }

    private static async Task InsertAsync(TableClient table, TableEntity entity, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(entity, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Recorded already (a retried activity): the first record stands.
        }
    }
}
