using Azure;
using Azure.Data.Tables;
using Pipeline.Domain;
using Pipeline.Domain.Close;

namespace Pipeline.Storage.Close;

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
        InsertAsync(Payouts, new TableEntity(TableKeys.Encode(record.PartnerId), record.Quarter.ToString()) { ["Json"] = CloseJson.Text(record) }, cancellationToken);

    /// <summary>Records the quarter as closed (after every partner's row) unless it is recorded already.</summary>
    public Task RecordQuarterAsync(ClosedQuarterEntry entry, CancellationToken cancellationToken = default) =>
        InsertAsync(Quarters, new TableEntity(QuarterPartition, entry.Quarter)
        {
            ["Json"] = CloseJson.Text(entry),
            ["TotalEarned"] = entry.TotalEarned.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ManifestHash"] = entry.ManifestHash,
            ["ProgramVersion"] = entry.ProgramVersion,
        }, cancellationToken);

    /// <summary>The partner's closed quarters, oldest first (only quarters whose close completed).</summary>
    public async Task<IReadOnlyList<ClosedPartnerQuarter>> PartnerHistoryAsync(string partnerId, ISet<string> closedQuarters, CancellationToken cancellationToken = default)
    {
        var list = new List<ClosedPartnerQuarter>();
        var pk = TableKeys.Encode(partnerId);
        await foreach (var row in Payouts.QueryAsync<TableEntity>(e => e.PartitionKey == pk, cancellationToken: cancellationToken))
        {
            if (closedQuarters.Contains(row.RowKey)) list.Add(CloseJson.Read<ClosedPartnerQuarter>(row.GetString("Json")));
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
