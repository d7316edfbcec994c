using Azure;
using Azure.Data.Tables;
using Pipeline.Domain;
using Pipeline.Domain.Close;
using Pipeline.Azure;

namespace Pipeline.Close;

/// <summary>Finance's decisions, append-only (<c>Decisions</c>: partition = quarter, row = decision id): who, when, why.</summary>
public sealed class DecisionStore(StorageAccount storage)
{
    private TableClient Table => storage.Table(Names.DecisionsTable);

    /// <summary>Stores the decision unless its id is stored already; returns the stored one (its first recorded time).</summary>
    public async Task<CloseDecision> RecordAsync(Quarter quarter, CloseDecision decision, CancellationToken cancellationToken = default)
    {
        var existing = await Table.GetEntityIfExistsAsync<TableEntity>(quarter.ToString(), decision.Id, cancellationToken: cancellationToken);
        if (existing.HasValue) return CloseJson.Read<CloseDecision>(existing.Value!.GetString("Json"));
        try
        {
            await Table.AddEntityAsync(new TableEntity(quarter.ToString(), decision.Id)
            {
                ["Json"] = CloseJson.Text(decision),
                ["Partner"] = decision.Partner,
                ["Action"] = decision.Action,
                ["By"] = decision.By,
                ["Reason"] = decision.Reason,
                ["At"] = decision.At,
            }, cancellationToken);
            return decision;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var stored = await Table.GetEntityAsync<TableEntity>(quarter.ToString(), decision.Id, cancellationToken: cancellationToken);
            return CloseJson.Read<CloseDecision>(stored.Value.GetString("Json"));
        }
    }

    public async Task<IReadOnlyList<CloseDecision>> ReadAsync(Quarter quarter, CancellationToken cancellationToken = default)
    {
        var list = new List<CloseDecision>();
        await foreach (var row in Table.QueryAsync<TableEntity>(e => e.PartitionKey == quarter.ToString(), cancellationToken: cancellationToken))
            list.Add(CloseJson.Read<CloseDecision>(row.GetString("Json")));
        return [.. list.OrderBy(d => d.At).ThenBy(d => d.Id, StringComparer.Ordinal)];
    }
}
