using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Pipeline.Azure;
using Pipeline.Ingest;
using Pipeline.Notifications;

namespace Pipeline.Functions.Ingest;

/// <summary>
/// queueTrigger on <c>drop-events</c>: a BlobCreated event in (Event Grid delivers them to the queue in Azure; the
/// local host plays Event Grid's part), the drop archived, ingested and audited. A queue rather than a blob trigger:
/// the event carries the blob's ETag and length, and the receipt it leaves makes a repeated event a no-op, whatever
/// the number of instances; a failed message is retried and ends in <c>drop-events-poison</c>, which an alert watches.
/// </summary>
public sealed class ReceiveDropFunction(DropReceiver receiver, Notifier notifier, ILogger<ReceiveDropFunction> logger)
{
    public const string Name = "ReceiveDrop";

    [Function(Name)]
    public async Task RunAsync([QueueTrigger(Names.DropEventsQueue, Connection = "AzureWebJobsStorage")] QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        BlobCreated ev;
        try
        {
            ev = BlobCreatedEvents.Parse(message.Body.ToString());
        }
        catch (FormatException e)
        {
            // A message that can never be processed: say so once, don't let the host retry it five times.
            Logs.DropRejected(logger, "-", "-", $"ignored a message that is not a BlobCreated event: {e.Message}");
            return;
        }

        var receipt = await receiver.ReceiveAsync(ev, cancellationToken);
        if (receipt.Duplicate) Logs.DropDuplicateEvent(logger, receipt.DropId, receipt.Path);
        else if (receipt.Outcome == AuditOutcomes.Accepted) Logs.DropReceived(logger, receipt.DropId, ev.BlobName.Split('/')[0], ev.BlobName.Split('/')[1], receipt.Size, receipt.Sha256 ?? "");
        else Logs.DropRejected(logger, receipt.DropId, receipt.Path, receipt.Reason);
        Telemetry.DropReceived(receipt);
        // Told after the receipt is recorded: a crash in between redelivers the event, and the receipt and the
        // notification's id make the repeat a no-op.
        if (Notifier.ForDrop(receipt) is { } notification) await notifier.PublishAsync(notification, cancellationToken);
    }
}
