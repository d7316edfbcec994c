using Azure;
using Azure.Data.Tables;

namespace Pipeline.Azure;

/// <summary>Result of appending: the stored record, and whether it was already there (a redelivered drop).</summary>
public sealed record AuditAppend(AuditRecord Record, bool AlreadyRecorded);

/// <summary>One broken link found by <see cref="AuditLedger.VerifyAsync"/>.</summary>
public sealed record AuditProblem(string PartnerKey, long Sequence, string DropId, string Problem);

/// <summary>
/// The append-only, hash-chained audit ledger of drops, in the DropAudit table. Partition = partner (or "_unknown"
/// for drops whose path names none); each partition has a head row (last sequence and hash). A record and the
/// new head are written in one table transaction guarded by the head's ETag, so two writers can never fork a
/// partner's chain; the record's row key is its drop id, so a drop is recorded once however often it is delivered.
/// </summary>
public sealed class AuditLedger(StorageAccount storage)
{
    public const string UnknownPartner = "_unknown";
    private const string HeadRow = "~head";
    private TableClient Table => storage.Table(Names.DropAuditTable);

    public static string PartitionFor(string partnerId) => string.IsNullOrEmpty(partnerId) ? UnknownPartner : TableKeys.Encode(partnerId);

    public async Task<AuditRecord?> FindAsync(string partnerId, string dropId, CancellationToken cancellationToken = default)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(PartitionFor(partnerId), dropId, cancellationToken: cancellationToken);
        return row.HasValue ? FromEntity(row.Value!) : null;
    }

    public async Task<AuditAppend> AppendAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        var partition = PartitionFor(record.PartnerId);
        for (var attempt = 0; ; attempt++)
        {
            var existing = await FindAsync(record.PartnerId, record.DropId, cancellationToken);
            if (existing is not null) return new AuditAppend(existing, AlreadyRecorded: true);

            var head = await Table.GetEntityIfExistsAsync<TableEntity>(partition, HeadRow, cancellationToken: cancellationToken);
            var previousSequence = head.HasValue ? head.Value!.GetInt64("Sequence") ?? 0 : 0;
            var previousHash = head.HasValue ? head.Value!.GetString("Hash") ?? "" : "";
            var chained = record with { Sequence = previousSequence + 1, PreviousHash = previousHash };
            chained = chained with { Hash = chained.ComputeHash() };

            var newHead = new TableEntity(partition, HeadRow) { ["Sequence"] = chained.Sequence, ["Hash"] = chained.Hash, ["DropId"] = chained.DropId };
            var actions = new List<TableTransactionAction>
            {
                new(TableTransactionActionType.Add, ToEntity(partition, chained)),
                head.HasValue
                    ? new(TableTransactionActionType.UpdateReplace, newHead, head.Value!.ETag)
                    : new(TableTransactionActionType.Add, newHead),
            };
            try
            {
                await Table.SubmitTransactionAsync(actions, cancellationToken);
                return new AuditAppend(chained, AlreadyRecorded: false);
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < 20)
            {
                // Another writer appended to this partner first (head changed) or recorded this very drop: look again.
                await Task.Delay(TimeSpan.FromMilliseconds(20 * (attempt + 1)), cancellationToken);
            }
        }
    }

    /// <summary>All records of a partner in chain order.</summary>
    /// <summary>The partner's chain head (<c>{sequence}:{hash}</c>, empty before its first drop): one point read that
    /// changes with every record appended.</summary>
    public async Task<string> HeadAsync(string partnerId, CancellationToken cancellationToken = default)
    {
        var head = await Table.GetEntityIfExistsAsync<TableEntity>(PartitionFor(partnerId), HeadRow, cancellationToken: cancellationToken);
        return head.HasValue ? $"{head.Value!.GetInt64("Sequence")}:{head.Value.GetString("Hash")}" : "";
    }

    public async Task<IReadOnlyList<AuditRecord>> ReadAsync(string partnerId, CancellationToken cancellationToken = default) =>
        (await ReadPartitionAsync(PartitionFor(partnerId), cancellationToken)).Records;

    public async IAsyncEnumerable<AuditRecord> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var row in Table.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            if (row.RowKey != HeadRow) yield return FromEntity(row);
        }
    }

    /// <summary>Walks every partner's chain: recomputes each hash, checks each link and sequence, and checks the
    /// head points at the last record. Returns every problem found (empty = intact).</summary>
    public async Task<(int Records, IReadOnlyList<AuditProblem> Problems)> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var partitions = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var row in Table.QueryAsync<TableEntity>(select: ["PartitionKey"], cancellationToken: cancellationToken)) partitions.Add(row.PartitionKey);

        var problems = new List<AuditProblem>();
        var count = 0;
        foreach (var partition in partitions)
        {
            var (records, head) = await ReadPartitionAsync(partition, cancellationToken);
            count += records.Count;
            var previousHash = "";
            for (var i = 0; i < records.Count; i++)
            {
                var r = records[i];
                if (r.Sequence != i + 1) problems.Add(new(partition, r.Sequence, r.DropId, $"expected sequence {i + 1}: a record is missing or was inserted"));
                if (r.PreviousHash != previousHash) problems.Add(new(partition, r.Sequence, r.DropId, "its link to the previous record does not match that record's hash"));
                if (r.ComputeHash() != r.Hash) problems.Add(new(partition, r.Sequence, r.DropId, "its content does not match its hash: the record was altered"));
                previousHash = r.Hash;
            }

            var headHash = head?.GetString("Hash") ?? "";
            var headSequence = head?.GetInt64("Sequence") ?? 0;
            if (headHash != previousHash || headSequence != records.Count)
            {
                problems.Add(new(partition, headSequence, head?.GetString("DropId") ?? "", $"the head says {headSequence} record(s) ending in {Short(headHash)}, the chain has {records.Count} ending in {Short(previousHash)}"));
            }
        }

        return (count, problems);
    }

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;

    private async Task<(List<AuditRecord> Records, TableEntity? Head)> ReadPartitionAsync(string partition, CancellationToken cancellationToken)
    {
        var records = new List<AuditRecord>();
        TableEntity? head = null;
        await foreach (var row in Table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            if (row.RowKey == HeadRow) head = row;
            else records.Add(FromEntity(row));
        }

        records.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return (records, head);
    }

    private static TableEntity ToEntity(string partition, AuditRecord r) => new(partition, r.DropId)
    {
        ["DropId"] = r.DropId,
        ["Path"] = r.Path,
        ["PartnerId"] = r.PartnerId,
        ["Kind"] = r.Kind,
        ["FileName"] = r.FileName,
        ["Size"] = r.Size,
        ["Sha256"] = r.Sha256,
        ["SourceETag"] = r.SourceETag,
        ["RawBlob"] = r.RawBlob,
        // Stored as ticks: the table's DateTime has less precision than the hash input would need otherwise.
        ["ReceivedAtTicks"] = r.ReceivedAt.UtcTicks,
        ["CompletedAtTicks"] = r.CompletedAt.UtcTicks,
        ["ReceivedAt"] = r.ReceivedAt,
        ["Outcome"] = r.Outcome,
        ["Reason"] = r.Reason,
        ["RowsRead"] = r.RowsRead,
        ["RowsAccepted"] = r.RowsAccepted,
        ["RowsRejected"] = r.RowsRejected,
        ["TopReasons"] = r.TopReasons,
        ["Outputs"] = r.Outputs,
        ["Sequence"] = r.Sequence,
        ["PreviousHash"] = r.PreviousHash,
        ["Hash"] = r.Hash,
    };

    private static AuditRecord FromEntity(TableEntity e) => new()
    {
        DropId = e.GetString("DropId") ?? e.RowKey,
        Path = e.GetString("Path") ?? "",
        PartnerId = e.GetString("PartnerId") ?? "",
        Kind = e.GetString("Kind") ?? "",
        FileName = e.GetString("FileName") ?? "",
        Size = e.GetInt64("Size") ?? 0,
        Sha256 = e.GetString("Sha256") ?? "",
        SourceETag = e.GetString("SourceETag") ?? "",
        RawBlob = e.GetString("RawBlob") ?? "",
        ReceivedAt = new DateTimeOffset(e.GetInt64("ReceivedAtTicks") ?? 0, TimeSpan.Zero),
        CompletedAt = new DateTimeOffset(e.GetInt64("CompletedAtTicks") ?? 0, TimeSpan.Zero),
        Outcome = e.GetString("Outcome") ?? "",
        Reason = e.GetString("Reason") ?? "",
        RowsRead = e.GetInt64("RowsRead") ?? 0,
        RowsAccepted = e.GetInt64("RowsAccepted") ?? 0,
        RowsRejected = e.GetInt64("RowsRejected") ?? 0,
        TopReasons = e.GetString("TopReasons") ?? "",
        Outputs = e.GetString("Outputs") ?? "",
        Sequence = e.GetInt64("Sequence") ?? 0,
        PreviousHash = e.GetString("PreviousHash") ?? "",
        Hash = e.GetString("Hash") ?? "",
    };
}
