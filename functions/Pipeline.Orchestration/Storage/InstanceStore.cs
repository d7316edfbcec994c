using System.Text.Json;
using Azure;
using Azure.Data.Tables;

namespace Pipeline.Orchestration.Storage;

/// <summary>
/// The Instances table: one row per instance (partition = instance id), a projection of the history that status
/// queries read without replaying anything. Rewritten by every episode, so a lost write is repaired by the next one.
/// </summary>
public sealed class InstanceStore
{
    private readonly TableClient _table;
    private readonly PayloadStore _payloads;

    public InstanceStore(TableClient table, PayloadStore payloads)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(payloads);
        _table = table;
        _payloads = payloads;
    }

    /// <summary>Test hook: runs before every write of a row (throw to simulate a failed status write).</summary>
    internal Func<OrchestrationStatus, Task>? BeforeWrite { get; set; }

    /// <summary>Inserts the row unless one exists. Returns false when the instance already exists.</summary>
    public async Task<bool> TryAddAsync(OrchestrationStatus status, CancellationToken cancellationToken = default)
    {
        try
        {
            await _table.AddEntityAsync(await ToEntityAsync(status, cancellationToken), cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task UpsertAsync(OrchestrationStatus status, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (BeforeWrite is { } hook) await hook(status);
        await _table.UpsertEntityAsync(await ToEntityAsync(status, cancellationToken), TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<OrchestrationStatus?> GetAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(instanceId, string.Empty, cancellationToken: cancellationToken);
        return response.HasValue ? await FromEntityAsync(response.Value!, cancellationToken) : null;
    }

    public async IAsyncEnumerable<OrchestrationStatus> QueryAsync(
        IReadOnlyCollection<OrchestrationRuntimeStatus>? statuses, DateTime? createdFrom, DateTime? createdTo,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filters = new List<string>();
        if (statuses is { Count: > 0 })
        {
            filters.Add("(" + string.Join(" or ", statuses.Select(s => TableClient.CreateQueryFilter($"RuntimeStatus eq {s.ToString()}"))) + ")");
        }

        if (createdFrom is { } from) filters.Add(TableClient.CreateQueryFilter($"CreatedAt ge {new DateTimeOffset(DateTime.SpecifyKind(from, DateTimeKind.Utc))}"));
        if (createdTo is { } to) filters.Add(TableClient.CreateQueryFilter($"CreatedAt lt {new DateTimeOffset(DateTime.SpecifyKind(to, DateTimeKind.Utc))}"));
        var filter = filters.Count == 0 ? null : string.Join(" and ", filters);
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return await FromEntityAsync(row, cancellationToken);
        }
    }

    public Task DeleteAsync(string instanceId, CancellationToken cancellationToken = default) =>
        _table.DeleteEntityAsync(instanceId, string.Empty, ETag.All, cancellationToken);

    private async Task<TableEntity> ToEntityAsync(OrchestrationStatus s, CancellationToken cancellationToken) => new(s.InstanceId, string.Empty)
    {
        ["Name"] = s.Name,
        ["RuntimeStatus"] = s.RuntimeStatus.ToString(),
        ["ExecutionId"] = s.ExecutionId,
        ["Input"] = await ToPropertyAsync(s.InstanceId, s.Input, cancellationToken),
        ["Output"] = await ToPropertyAsync(s.InstanceId, s.Output, cancellationToken),
        ["CustomStatus"] = await ToPropertyAsync(s.InstanceId, s.CustomStatus, cancellationToken),
        ["Failure"] = await ToPropertyAsync(s.InstanceId, s.Failure is null ? null : JsonSerializer.Serialize(s.Failure, JsonPayload.Options), cancellationToken),
        ["CreatedAt"] = new DateTimeOffset(DateTime.SpecifyKind(s.CreatedAt, DateTimeKind.Utc)),
        ["LastUpdatedAt"] = new DateTimeOffset(DateTime.SpecifyKind(s.LastUpdatedAt, DateTimeKind.Utc)),
        ["ParentInstanceId"] = s.ParentInstanceId,
        ["HistoryCount"] = s.HistoryCount,
    };

    private async Task<OrchestrationStatus> FromEntityAsync(TableEntity e, CancellationToken cancellationToken)
    {
        var failure = await FromPropertyAsync(e.GetString("Failure"), cancellationToken);
        return new OrchestrationStatus
        {
            InstanceId = e.PartitionKey,
            Name = e.GetString("Name") ?? string.Empty,
            RuntimeStatus = Enum.Parse<OrchestrationRuntimeStatus>(e.GetString("RuntimeStatus") ?? nameof(OrchestrationRuntimeStatus.Pending)),
            ExecutionId = e.GetString("ExecutionId"),
            Input = await FromPropertyAsync(e.GetString("Input"), cancellationToken),
            Output = await FromPropertyAsync(e.GetString("Output"), cancellationToken),
            CustomStatus = await FromPropertyAsync(e.GetString("CustomStatus"), cancellationToken),
            Failure = failure is null ? null : JsonSerializer.Deserialize<FailureDetails>(failure, JsonPayload.Options),
            CreatedAt = e.GetDateTimeOffset("CreatedAt")?.UtcDateTime ?? default,
            LastUpdatedAt = e.GetDateTimeOffset("LastUpdatedAt")?.UtcDateTime ?? default,
            ParentInstanceId = e.GetString("ParentInstanceId"),
            HistoryCount = e.GetInt32("HistoryCount") ?? 0,
        };
    }

    // JSON values never start with "blob:" (strings start with a quote), so the prefix marks an offloaded value unambiguously.
    private async Task<string?> ToPropertyAsync(string instanceId, string? value, CancellationToken cancellationToken) =>
        value is { Length: > PayloadStore.MaxTablePropertyChars } ? "blob:" + await _payloads.UploadAsync(instanceId, value, cancellationToken) : value;

    private async Task<string?> FromPropertyAsync(string? value, CancellationToken cancellationToken) =>
        value is not null && value.StartsWith("blob:", StringComparison.Ordinal) ? await _payloads.DownloadAsync(value["blob:".Length..], cancellationToken) : value;
}
