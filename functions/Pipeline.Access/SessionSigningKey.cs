using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using Pipeline.Azure;

namespace Pipeline.Access;

/// <summary>
/// The secret that signs browser sessions: 256 random bits created once per storage account and kept in the
/// <see cref="Names.ApiKeysTable"/> table (partition <c>web-session</c>), which only the app and finance's CLI can
/// read. Every instance of the app reads the same row, so a session signed by one instance is accepted by another.
/// </summary>
public sealed class SessionSigningKey(StorageAccount storage) : IDisposable
{
    private const string Partition = "web-session";
    private const string Row = "signing-key";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private byte[]? _key;

    public async Task<byte[]> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_key is { } cached) return cached;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _key ??= await ReadOrCreateAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<byte[]> ReadOrCreateAsync(CancellationToken cancellationToken)
    {
        var table = storage.Table(Names.ApiKeysTable);
        var existing = await table.GetEntityIfExistsAsync<TableEntity>(Partition, Row, cancellationToken: cancellationToken);
        if (existing.HasValue && existing.Value!.GetString("Key") is { } stored) return Convert.FromBase64String(stored);
        try
        {
            var key = RandomNumberGenerator.GetBytes(32);
            // Add, not upsert: two instances starting together must end up with one key, the first one written.
            await table.AddEntityAsync(new TableEntity(Partition, Row) { ["Key"] = Convert.ToBase64String(key) }, cancellationToken);
            return key;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var row = await table.GetEntityAsync<TableEntity>(Partition, Row, cancellationToken: cancellationToken);
            return Convert.FromBase64String(row.Value.GetString("Key"));
        }
    }

    public void Dispose() => _gate.Dispose();
}
