using Azure;
using Azure.Data.Tables;
using Pipeline.Azure;

namespace Pipeline.Ingest;

/// <summary>
/// Receipts remember which blob versions were announced and which were received, so a new blob is announced once
/// and the sweep can find the ones an event never reached. PartitionKey = "receipt", RowKey = encoded blob name.
/// </summary>
public sealed class DropReceiptEntity : ITableEntity
{
    public const string Announced = "announced";
    public const string Received = "received";

    public string PartitionKey { get; set; } = "receipt";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string BlobName { get; set; } = "";
    public string SourceETag { get; set; } = "";
    public string Status { get; set; } = "";
    public DateTimeOffset AnnouncedAt { get; set; }
    public string DropId { get; set; } = "";

    public static string KeyFor(string blobName) => TableKeys.Encode(blobName);
}
