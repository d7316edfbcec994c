using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Pipeline.Orchestration.History;

namespace Pipeline.Orchestration.Storage;

/// <summary>An instance's history as loaded: the events of the current execution and the sentinel's ETag that guards the next commit.</summary>
public sealed record HistorySnapshot(string InstanceId, IReadOnlyList<HistoryEvent> Events, ETag? ETag, string? CustomStatus, int RowCount)
{
    public static HistorySnapshot Empty(string instanceId) => new(instanceId, [], null, null, 0);
}

/// <summary>
/// The History table: partition = instance id, one row per event (row key = zero-padded sequence) and a
/// <c>sentinel</c> row written in the same transaction as every batch of new rows, with an ETag check. Two
/// workers advancing one instance from the same state: the second commit fails on the ETag and abandons.
/// Azure allows one partition and at most 100 actions (4 MB) per transaction; Azurite does not enforce it, we do.
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
        // Rows of an earlier execution (ContinueAsNew, replace) may survive beyond the current count: ignore them.
        var current = rows.Where(r => r.GetString("ExecutionId") == executionId).OrderBy(r => r.RowKey, StringComparer.Ordinal).Take(count).ToList();
        var events = new HistoryEvent[current.Count];
        for (var i = 0; i < current.Count; i++) events[i] = await ReadEventAsync(current[i], cancellationToken);
        return new HistorySnapshot(instanceId, events, sentinel.ETag, await ReadCustomStatusAsync(sentinel, cancellationToken), rows.Count);
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
        var firstIndex = restart ? 0 : before.Events.Count;
        var customStatusValue = await ToPropertyAsync(instanceId, customStatus, cancellationToken);

        var actions = new List<TableTransactionAction>();
        for (var i = 0; i < newEvents.Count; i++)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                await ToEntityAsync(instanceId, firstIndex + i, executionId, newEvents[i], cancellationToken)));
        }

        if (restart)
        {
            // Rows of the previous execution beyond the new history: delete (load ignores them anyway, by execution id).
            for (var i = newEvents.Count; i < before.RowCount; i++)
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(instanceId, RowKey(i)), ETag.All));
            }
        }

        var etag = before.ETag;
        var committed = 0;
        var batch = new List<TableTransactionAction>();
        var chars = 0;
        foreach (var action in actions)
        {
            batch.Add(action);
            chars += Size(action.Entity);
            if (batch.Count == MaxRowsPerBatch || chars >= MaxBatchChars)
            {
                committed += batch.Count(a => a.ActionType != TableTransactionActionType.Delete);
                etag = await SubmitAsync(instanceId, batch, etag, executionId, firstIndex + committed, status, customStatusValue, cancellationToken);
                if (etag is null) return null;
                batch.Clear();
                chars = 0;
            }
        }

        if (batch.Count > 0 || etag == before.ETag || before.ETag is null)
        {
            committed += batch.Count(a => a.ActionType != TableTransactionActionType.Delete);
            etag = await SubmitAsync(instanceId, batch, etag, executionId, firstIndex + committed, status, customStatusValue, cancellationToken);
            if (etag is null) return null;
        }

        return new HistorySnapshot(instanceId, all, etag, customStatus, restart ? all.Count : Math.Max(before.RowCount, all.Count));
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
        string instanceId, List<TableTransactionAction> batch, ETag? etag, string executionId, int count,
        OrchestrationRuntimeStatus status, string? customStatus, CancellationToken cancellationToken)
    {
        var sentinel = new TableEntity(instanceId, SentinelRowKey)
        {
            ["ExecutionId"] = executionId,
            ["Count"] = count,
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

    private async Task<TableEntity> ToEntityAsync(string instanceId, int index, string executionId, HistoryEvent e, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(e, JsonPayload.Options);
        var entity = new TableEntity(instanceId, RowKey(index)) { ["ExecutionId"] = executionId, ["Kind"] = e.Kind.ToString() };
        if (json.Length > PayloadStore.MaxTablePropertyChars) entity["DataBlob"] = await _payloads.UploadAsync(instanceId, json, cancellationToken);
        else entity["Data"] = json;
        return entity;
    }

    private async Task<HistoryEvent> ReadEventAsync(TableEntity row, CancellationToken cancellationToken)
    {
        var json = row.GetString("Data") ?? await _payloads.DownloadAsync(row.GetString("DataBlob")!, cancellationToken);
        return JsonSerializer.Deserialize<HistoryEvent>(json, JsonPayload.Options)
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
