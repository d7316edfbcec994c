using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Pipeline.Azure;

namespace Pipeline.Access;

/// <summary>
/// How many upload links a partner may get in one clock hour (UTC): a leaked or runaway partner key can then create at
/// most that many drops an hour. Counted per partner and hour in the <see cref="Names.ApiKeysTable"/> table
/// (partition <c>upload-quota</c>), each count taken with an ETag condition, so concurrent requests never overshoot.
/// </summary>
public sealed class UploadQuota(StorageAccount storage)
{
    public const int LinksPerHour = 60;
    private const string Partition = "upload-quota";

    private TableClient Table => storage.Table(Names.ApiKeysTable);

    /// <summary>Takes one link from the partner's hour; false when the hour's links are used up.</summary>
    public async Task<bool> TryTakeAsync(string partnerId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var row = $"{TableKeys.Encode(partnerId)}-{now.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture)}";
        while (true)
        {
            var existing = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, row, cancellationToken: cancellationToken);
            try
            {
                if (!existing.HasValue)
                {
                    await Table.AddEntityAsync(new TableEntity(Partition, row) { ["Count"] = 1 }, cancellationToken);
                    return true;
                }

                var count = existing.Value!.GetInt32("Count") ?? 0;
                if (count >= LinksPerHour) return false;
                await Table.UpdateEntityAsync(new TableEntity(Partition, row) { ["Count"] = count + 1 }, existing.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                return true;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // Another request counted first: count again.
            }
        }
    }
}
