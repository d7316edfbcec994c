using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Pipeline.Azure;

/// <summary>
/// The storage account the pipeline lives in: one place that turns a connection string
/// (or <c>UseDevelopmentStorage=true</c>), or service endpoints and an Entra ID credential, into blob, queue and
/// table clients.
/// </summary>
public sealed class StorageAccount
{
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    public StorageAccount(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ConnectionString = connectionString;
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        Blobs = new BlobServiceClient(connectionString);
        Queues = new QueueServiceClient(connectionString, queueOptions);
        Tables = new TableServiceClient(connectionString);
    }

    /// <summary>Identity-based access, as in Azure where the account accepts no shared key: each service's
    /// endpoint (e.g. <c>https://acct.blob.core.windows.net</c>) and the credential to sign in with.</summary>
    public StorageAccount(Uri blobServiceUri, Uri queueServiceUri, Uri tableServiceUri, TokenCredential credential)
    {
        ArgumentNullException.ThrowIfNull(blobServiceUri);
        ArgumentNullException.ThrowIfNull(queueServiceUri);
        ArgumentNullException.ThrowIfNull(tableServiceUri);
        ArgumentNullException.ThrowIfNull(credential);
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        Blobs = new BlobServiceClient(blobServiceUri, credential);
        Queues = new QueueServiceClient(queueServiceUri, credential, queueOptions);
        Tables = new TableServiceClient(tableServiceUri, credential);
        Credential = credential;
    }

    /// <summary>The connection string, or null for identity-based access.</summary>
    public string? ConnectionString { get; }

    /// <summary>The Entra ID credential of identity-based access, or null with a connection string.</summary>
    public TokenCredential? Credential { get; }
    public BlobServiceClient Blobs { get; }
    public QueueServiceClient Queues { get; }
    public TableServiceClient Tables { get; }

    public bool IsDevelopmentStorage =>
        ConnectionString?.Trim().Equals(DevelopmentStorage, StringComparison.OrdinalIgnoreCase) == true;

    public BlobContainerClient Container(string name) => Blobs.GetBlobContainerClient(name);
    public QueueClient Queue(string name) => Queues.GetQueueClient(name);
    public TableClient Table(string name) => Tables.GetTableClient(name);

    /// <summary>Creates every container, queue and table the app uses (idempotent).</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        await Task.WhenAll(
            Names.Containers.Select(c => Container(c).CreateIfNotExistsAsync(cancellationToken: cancellationToken))
                .Cast<Task>()
                .Concat(Names.Queues.Select(q => Queue(q).CreateIfNotExistsAsync(cancellationToken: cancellationToken)))
                .Concat(Names.Tables.Select(t => Table(t).CreateIfNotExistsAsync(cancellationToken))));
    }
}

/// <summary>Names of the storage resources. Bicep declares the same lists.</summary>
public static class Names
{
    public const string Drops = "drops";
    public const string Raw = "raw";
    public const string Lake = "lake";
    public const string Quarantine = "quarantine";
    public const string Feedback = "feedback";
    public const string Config = "config";
    public const string Statements = "statements";
    /// <summary>The quarterly close's working files: manifests, batch results, anomalies, notifications.</summary>
    public const string Closes = "closes";
    /// <summary>Evidence partners attach to their inquiries: <c>{partner}/{inquiry}/{n}-{file}</c>.</summary>
    public const string Inquiries = "inquiries";

    public const string DropEventsQueue = "drop-events";

    /// <summary>One message per notification to deliver to a partner's webhook (Notifications/NotificationOutbox).</summary>
    public const string NotificationDeliveriesQueue = "notification-deliveries";

    public const string DropAuditTable = "DropAudit";
    public const string DropReceiptsTable = "DropReceipts";
    public const string ClosedQuartersTable = "ClosedQuarters";
    public const string ClosedPayoutsTable = "ClosedPayouts";
    public const string DecisionsTable = "Decisions";

    /// <summary>Partner and finance API keys: salted hashes only (Access/ApiKeyStore).</summary>
    public const string ApiKeysTable = "ApiKeys";

    /// <summary>Every notification (partition = partner, or "finance"), with its delivery state.</summary>
    public const string NotificationsTable = "Notifications";

    /// <summary>Partners' webhook registrations: URL and signing secrets.</summary>
    public const string WebhooksTable = "Webhooks";

    /// <summary>Partners' inquiries (partition = partner) and their threads (partition = partner and inquiry).</summary>
    public const string InquiriesTable = "Inquiries";
    public const string InquiryEntriesTable = "InquiryEntries";

    public static IReadOnlyList<string> Containers { get; } = [Drops, Raw, Lake, Quarantine, Feedback, Config, Statements, Closes, Inquiries];
    public static IReadOnlyList<string> Queues { get; } = [DropEventsQueue, DropEventsQueue + "-poison", NotificationDeliveriesQueue, NotificationDeliveriesQueue + "-poison"];
    public static IReadOnlyList<string> Tables { get; } = [DropAuditTable, DropReceiptsTable, ApiKeysTable, ClosedQuartersTable, ClosedPayoutsTable, DecisionsTable, NotificationsTable, WebhooksTable, InquiriesTable, InquiryEntriesTable];
}
