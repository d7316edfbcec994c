using Azure;
using Azure.Data.Tables;
using Pipeline.Azure;

namespace Pipeline.Access;

/// <summary>
/// Browser sessions ended by signing out, kept until they would have expired anyway, in the
/// <see cref="Names.ApiKeysTable"/> table (partition <c>web-session-ended</c>, row = the session's nonce): a signed-out
/// cookie replayed later is no session, although its signature still verifies.
/// </summary>
public sealed class EndedSessions(StorageAccount storage)
{
    private const string Partition = "web-session-ended";

    private TableClient Table => storage.Table(Names.ApiKeysTable);

    public async Task EndAsync(string nonce, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(nonce);
        await Table.UpsertEntityAsync(new TableEntity(Partition, nonce) { ["ExpiresAt"] = expiresAt }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<bool> IsEndedAsync(string nonce, CancellationToken cancellationToken = default)
    {
        try
        {
            return (await Table.GetEntityIfExistsAsync<TableEntity>(Partition, nonce, select: ["ExpiresAt"], cancellationToken: cancellationToken)).HasValue;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }
}
