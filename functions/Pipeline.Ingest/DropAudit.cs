using Azure;
using Azure.Data.Tables;
using Pipeline.Azure;

namespace Pipeline.Ingest;

/// <summary>Outcomes of a drop as recorded in the audit table.</summary>
public static class DropOutcomes
{
    /// <summary>Read and ingested: its rows are in the lake (some may have been rejected: see the counts).</summary>
    public const string Accepted = "accepted";
    /// <summary>Byte-identical to an earlier accepted drop of the partner: recorded, changes nothing.</summary>
    public const string Duplicate = "duplicate";
    public const string Rejected = "rejected";
    public const string Superseded = "superseded";
}

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
