using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Pipeline.Orchestration.History;

namespace Pipeline.Orchestration.Storage;

/// <summary>An instance's history as loaded: the events of the current execution and the sentinel's ETag that guards the next commit.
/// <paramref name="Rows"/> = rows of the current execution; <paramref name="RowCount"/> = all event rows of the partition.</summary>
public sealed record HistorySnapshot(string InstanceId, IReadOnlyList<HistoryEvent> Events, ETag? ETag, string? CustomStatus, int RowCount, int Rows)
{
    public static HistorySnapshot Empty(string instanceId) => new(instanceId, [], null, null, 0, 0);
}

/// <summary>
/// The History table: partition = instance id, rows of events (row key = zero-padded row sequence) and a
/// <c>sentinel</c> row written in the same transaction as every batch of new rows, with an ETag check. Two
/// workers advancing one instance from the same state: the second commit fails on the ETag and abandons.
/// Azure allows one partition and at most 100 actions (4 MB) per transaction; Azurite does not enforce it, we do.
/// A row holds the consecutive events of one episode up to the property limit (a JSON array), not one event: a
/// fan-out of thousands of steps is a few rows instead of thousands, which is what makes large fan-outs cheap
/// (table entity writes, not queue messages, dominated the cost when each event had its own row).
/// </summary>
public sealed class HistoryStore
{
    public const string SentinelRowKey = "sentinel";
    private const int MaxRowsPerBatch = 99; // + the sentinel = 100 actions
    private const int MaxBatchChars = 1_500_000; // UTF-16 chars: 3 MB, under the 4 MB transaction limit

    private readonly TableClient _table;
    private readonly PayloadStore _payloads;

    public HistoryStore(TableClient table, PayloadStore payloads)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(payloads);
        _table = table;
        _payloads = payloads;
    }

    public async Task<HistorySnapshot> LoadAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var rows = new List<TableEntity>();
        TableEntity? sentinel = null;
        await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == instanceId, cancellationToken: cancellationToken))
        {
            if (row.RowKey == SentinelRowKey) sentinel = row;
            else rows.Add(row);
        }

        if (sentinel is null) return HistorySnapshot.Empty(instanceId);
        var executionId = sentinel.GetString("ExecutionId");
        var count = sentinel.GetInt32("Count") ?? 0;
        var rowsOfExecution = sentinel.GetInt32("Rows") ?? 0;
        // Rows of an earlier execution (ContinueAsNew, replace) may survive beyond the current ones: ignore them.
        var current = rows.Where(r => r.GetString("ExecutionId") == executionId).OrderBy(r => r.RowKey, StringComparer.Ordinal).Take(rowsOfExecution).ToList();
        var events = new List<HistoryEvent>(count);
        foreach (var row in current) events.AddRange(await ReadEventsAsync(row, cancellationToken));
        if (events.Count > count) events.RemoveRange(count, events.Count - count);
        return new HistorySnapshot(instanceId, events, sentinel.ETag, await ReadCustomStatusAsync(sentinel, cancellationToken), rows.Count, current.Count);
    }

    /// <summary>Just the sentinel's ETag: a cached history is still current when it matches.</summary>
    public async Task<ETag?> GetSentinelETagAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(instanceId, SentinelRowKey, ["ExecutionId"], cancellationToken);
        return response.HasValue ? response.Value!.ETag : null;
    }

    /// <summary>
    /// Appends <paramref name="newEvents"/> (or, when <paramref name="restart"/>, replaces the history with them) if
    /// nobody committed since <paramref name="before"/> was loaded. Returns the new snapshot, or null on an ETag conflict.
    /// </summary>
    public async Task<HistorySnapshot?> CommitAsync(
        HistorySnapshot before, IReadOnlyList<HistoryEvent> newEvents, bool restart, string? customStatus, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(newEvents);
        var instanceId = before.InstanceId;
        var all = restart ? newEvents.ToList() : before.Events.Concat(newEvents).ToList();
        var executionId = all.FirstOrDefault(e => e.Kind == HistoryEventKind.ExecutionStarted)?.ExecutionId ?? "none";
        var status = new HistoryState(all).Status;
        var firstRow = restart ? 0 : before.Rows;
        var firstEvent = restart ? 0 : before.Events.Count;
        var customStatusValue = await ToPropertyAsync(instanceId, customStatus, cancellationToken);

        var rows = await PackAsync(instanceId, executionId, firstRow, newEvents, cancellationToken);
        var actions = rows.Select(r => (Action: new TableTransactionAction(TableTransactionActionType.UpsertReplace, r.Entity), r.Events)).ToList();
        // On a restart, rows of the previous execution beyond the new history stay: load skips them by execution id,
        // later rows overwrite them and a purge removes them. Deleting them here could fail the commit (a row already
        // gone after an interrupted restart) or race with the next episode writing that row.

        var etag = before.ETag;
        int committedRows = 0, committedEvents = 0;
        var batch = new List<TableTransactionAction>();
        var chars = 0;
        for (var a = 0; a < actions.Count; a++)
        {
            var (action, events) = actions[a];
            batch.Add(action);
            chars += Size(action.Entity);
            if (action.ActionType != TableTransactionActionType.Delete)
            {
                committedRows++;
                committedEvents += events;
            }

            if (batch.Count == MaxRowsPerBatch || chars >= MaxBatchChars || a == actions.Count - 1)
            {
                etag = await SubmitAsync(instanceId, batch, etag, executionId, firstEvent + committedEvents, firstRow + committedRows, status, customStatusValue, cancellationToken);
                if (etag is null) return null;
                batch.Clear();
                chars = 0;
            }
        }

        if (actions.Count == 0)
        {
            // Nothing to append (a custom status change only): the sentinel alone still goes through the ETag check.
            etag = await SubmitAsync(instanceId, batch, etag, executionId, firstEvent, firstRow, status, customStatusValue, cancellationToken);
            if (etag is null) return null;
        }

        var rowsNow = firstRow + rows.Count;
        return new HistorySnapshot(instanceId, all, etag, customStatus, restart ? rowsNow : Math.Max(before.RowCount, rowsNow), rowsNow);
    }

    public async Task DeleteAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var keys = new List<string>();
        await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == instanceId, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            keys.Add(row.RowKey);
        }

        foreach (var chunk in keys.Chunk(100))
        {
            await _table.SubmitTransactionAsync(
                chunk.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(instanceId, k), ETag.All)), cancellationToken);
        }
    }

    internal static string RowKey(int index) => index.ToString("D10", CultureInfo.InvariantCulture);

    /// <summary>One transaction: the rows plus the sentinel, guarded by the sentinel's ETag. Returns its new ETag, or null on conflict.</summary>
    private async Task<ETag?> SubmitAsync(
        string instanceId, List<TableTransactionAction> batch, ETag? etag, string executionId, int count, int rows,
        OrchestrationRuntimeStatus status, string? customStatus, CancellationToken cancellationToken)
    {
        var sentinel = new TableEntity(instanceId, SentinelRowKey)
        {
            ["ExecutionId"] = executionId,
            ["Count"] = count,
            ["Rows"] = rows,
            ["Status"] = status.ToString(),
            ["CustomStatus"] = customStatus,
            ["CheckpointCompletedAt"] = DateTimeOffset.UtcNow,
        };
        var actions = new List<TableTransactionAction>(batch)
        {
            etag is { } e
                ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, sentinel, e)
                : new TableTransactionAction(TableTransactionActionType.Add, sentinel),
        };
        try
        {
            var response = await _table.SubmitTransactionAsync(actions, cancellationToken);
            var newEtag = response.Value[actions.Count - 1].Headers.ETag;
            if (newEtag is { } known) return known;
            // Not every server reports per-operation ETags in a batch response: read it back.
            return (await _table.GetEntityAsync<TableEntity>(instanceId, SentinelRowKey, ["ExecutionId"], cancellationToken)).Value.ETag;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            return null;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return null;
        }
    }

    /// <summary>Packs consecutive events into rows of at most <see cref="PayloadStore.MaxTablePropertyChars"/> characters of JSON;
    /// an event larger than that gets a row of its own with its JSON in a blob.</summary>
    private async Task<List<(TableEntity Entity, int Events)>> PackAsync(
        string instanceId, string executionId, int firstRow, IReadOnlyList<HistoryEvent> events, CancellationToken cancellationToken)
    {
        var rows = new List<(TableEntity, int)>();
        var pending = new List<string>();
        var pendingChars = 2;

        void Flush()
        {
            if (pending.Count == 0) return;
            rows.Add((NewRow(instanceId, firstRow + rows.Count, executionId, pending.Count, "[" + string.Join(',', pending) + "]"), pending.Count));
            pending.Clear();
            pendingChars = 2;
        }

        foreach (var e in events)
        {
            var json = JsonSerializer.Serialize(e, JsonPayload.Options);
            if (json.Length + 2 > PayloadStore.MaxTablePropertyChars)
            {
                Flush();
                var row = NewRow(instanceId, firstRow + rows.Count, executionId, 1, null);
                row["EventsBlob"] = await _payloads.UploadAsync(instanceId, "[" + json + "]", cancellationToken);
                rows.Add((row, 1));
                continue;
            }

            if (pendingChars + json.Length + 1 > PayloadStore.MaxTablePropertyChars) Flush();
            pending.Add(json);
            pendingChars += json.Length + 1;
        }

        Flush();
        return rows;
    }

    private static TableEntity NewRow(string instanceId, int index, string executionId, int count, string? eventsJson)
    {
        var row = new TableEntity(instanceId, RowKey(index)) { ["ExecutionId"] = executionId, ["Count"] = count };
        if (eventsJson is not null) row["Events"] = eventsJson;
        return row;
    }

    private async Task<IReadOnlyList<HistoryEvent>> ReadEventsAsync(TableEntity row, CancellationToken cancellationToken)
    {
        var json = row.GetString("Events") ?? await _payloads.DownloadAsync(row.GetString("EventsBlob")!, cancellationToken);
        return JsonSerializer.Deserialize<List<HistoryEvent>>(json, JsonPayload.Options)
               ?? throw new InvalidDataException($"History row {row.PartitionKey}/{row.RowKey} is empty.");
    }

    private async Task<string?> ToPropertyAsync(string instanceId, string? value, CancellationToken cancellationToken) =>
        value is { Length: > PayloadStore.MaxTablePropertyChars } ? "blob:" + await _payloads.UploadAsync(instanceId, value, cancellationToken) : value;

    private async Task<string?> ReadCustomStatusAsync(TableEntity sentinel, CancellationToken cancellationToken)
    {
        var value = sentinel.GetString("CustomStatus");
        return value is not null && value.StartsWith("blob:", StringComparison.Ordinal)
            ? await _payloads.DownloadAsync(value["blob:".Length..], cancellationToken)
            : value;
    }

    private static int Size(ITableEntity entity) =>
        entity is TableEntity t ? 200 + ((IDictionary<string, object>)t).Values.Sum(v => v is string s ? s.Length : 16) : 200;
}
