using Microsoft.Extensions.Logging;
using Pipeline.Functions.Hosting;
using Pipeline.Storage.Drops;

namespace Pipeline.Functions.Drops;

/// <summary>queueTrigger on drop-events: a BlobCreated event in, the drop archived and audited.</summary>
public sealed class ReceiveDropFunction(DropReceiver receiver, ILogger<ReceiveDropFunction> logger) : IFunction
{
    public string Name => "ReceiveDrop";

    public async Task<InvocationResponse> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken)
    {
        var message = request.DataText("message") ?? "";
        BlobCreated ev;
        try
        {
            ev = BlobCreatedEvents.Parse(message);
        }
        catch (FormatException e)
        {
            // A message that can never be processed: say so once, don't let the host retry it five times.
            Logs.DropRejected(logger, "-", "-", e.Message);
            return InvocationResponse.Ok($"Ignored a message that is not a BlobCreated event: {e.Message}");
        }

        var receipt = await receiver.ReceiveAsync(ev, cancellationToken);
        if (receipt.Duplicate) Logs.DropDuplicateEvent(logger, receipt.DropId, receipt.Path);
        else if (receipt.Outcome == DropOutcomes.Accepted) Logs.DropReceived(logger, receipt.DropId, ev.BlobName.Split('/')[0], ev.BlobName.Split('/')[1], receipt.Size, receipt.Sha256 ?? "");
        else Logs.DropRejected(logger, receipt.DropId, receipt.Path, receipt.Reason);

        return new InvocationResponse
        {
            Logs = [$"Drop {receipt.DropId} ({receipt.Path}): {receipt.Outcome}{(receipt.Reason.Length > 0 ? ": " + receipt.Reason : "")}{(receipt.Duplicate ? " (duplicate event)" : "")}"],
            ReturnValue = System.Text.Json.JsonSerializer.SerializeToNode(receipt),
        };
    }
}
