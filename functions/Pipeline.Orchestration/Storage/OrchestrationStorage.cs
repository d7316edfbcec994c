using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Pipeline.Orchestration.Storage;

/// <summary>The storage of one task hub: History and Instances tables, control and work-item queues, large-payload container.
/// Shared by the client and the engine.</summary>
public sealed class OrchestrationStorage
{
    public OrchestrationStorage(string connectionString, OrchestrationOptions options)
        : this(new TableServiceClient(connectionString),
               new QueueServiceClient(connectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }),
               new BlobServiceClient(connectionString), options)
    {
    }

    /// <summary>Takes its clients, so hosts can hand in clients built with a managed identity.
    /// The queue client must use base64 message encoding (the Functions host's queueTrigger default).</summary>
    public OrchestrationStorage(TableServiceClient tables, QueueServiceClient queues, BlobServiceClient blobs, OrchestrationOptions options)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(queues);
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Names = new TaskHubNames(options);
        Container = blobs.GetBlobContainerClient(Names.LargeMessagesContainer);
        Payloads = new PayloadStore(Container);
        HistoryTable = tables.GetTableClient(Names.HistoryTable);
        InstancesTable = tables.GetTableClient(Names.InstancesTable);
        History = new HistoryStore(HistoryTable, Payloads);
        Instances = new InstanceStore(InstancesTable, Payloads);
        Queues = new QueueTransport(Names, queues.GetQueueClient, Payloads);
    }

    public OrchestrationOptions Options { get; }
    public TaskHubNames Names { get; }
    public PayloadStore Payloads { get; }
    public HistoryStore History { get; }
    public InstanceStore Instances { get; }
    public QueueTransport Queues { get; }
    internal TableClient HistoryTable { get; }
    internal TableClient InstancesTable { get; }
    internal BlobContainerClient Container { get; }

    /// <summary>Creates the tables, queues (poison ones included) and the container if missing (idempotent).</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default) =>
        await Task.WhenAll(
            HistoryTable.CreateIfNotExistsAsync(cancellationToken),
            InstancesTable.CreateIfNotExistsAsync(cancellationToken),
            Container.CreateIfNotExistsAsync(cancellationToken: cancellationToken),
            Queues.EnsureCreatedAsync(cancellationToken));
}
