using Pipeline.Functions.Hosting;
using Pipeline.Orchestration;
using Pipeline.Orchestration.Messaging;

namespace Pipeline.Functions.Orchestrations;

/// <summary>
/// queueTrigger on a control queue or the work-item queue: one message in, handed to the engine. "Retry" becomes a
/// failed invocation (non-2xx), so the host makes the message visible again and counts the delivery.
/// </summary>
public sealed class OrchestrationQueueFunction(string name, bool isControl, OrchestrationEngine engine) : IFunction
{
    public string Name => name;

    public async Task<InvocationResponse> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken)
    {
        var envelope = new QueueMessageEnvelope(
            QueueName: name,
            MessageId: request.MetadataText("Id") ?? "",
            PopReceipt: request.MetadataText("PopReceipt"),
            Text: request.DataText("message") ?? "",
            DequeueCount: request.MetadataInt("DequeueCount", 1));
        var outcome = isControl
            ? await engine.HandleControlMessageAsync(envelope, cancellationToken)
            : await engine.HandleWorkItemAsync(envelope, cancellationToken);
        if (outcome == MessageOutcome.Retry)
        {
            throw new OrchestrationRetryException($"{name}: message {envelope.MessageId} will be retried (delivery {envelope.DequeueCount}).");
        }

        return InvocationResponse.Ok($"{name}: message {envelope.MessageId} processed.");
    }
}

/// <summary>The engine asked for the message to be delivered again: the host must not delete it.</summary>
public sealed class OrchestrationRetryException(string message) : Exception(message);
