using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Orchestration.Messaging;

namespace Pipeline.Orchestration;

/// <summary>
/// The local trigger host of the engine: polls the control queues and the work-item queue with the same semantics
/// the Functions host gives queueTrigger functions (hide while processing, delete on success, make visible again
/// on failure, dequeue count towards the poison bound). One poller per control queue, each handing its whole
/// batch to the engine (messages of one instance become one episode); work items run concurrently up to a bound.
/// Stopping lets in-flight messages finish; anything cut short is redelivered and recognised.
/// </summary>
public sealed class OrchestrationWorker : BackgroundService
{
    private readonly OrchestrationEngine _engine;
    private readonly OrchestrationWorkerOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _activitySlots;

    public OrchestrationWorker(OrchestrationEngine engine, OrchestrationWorkerOptions? options = null, ILogger<OrchestrationWorker>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
        _options = options ?? new OrchestrationWorkerOptions();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        // Work items run a received batch at a time; this bounds how many batches run at once.
        var batches = Math.Max(1, _options.MaxConcurrentActivities / Math.Max(1, _options.BatchSize));
        _activitySlots = new SemaphoreSlim(batches, batches);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var names = _engine.Storage.Names;
        _logger.WorkerStarted(names.ControlQueues.Count, names.WorkItemQueue);
        var pollers = names.ControlQueues.Select(q => PollAsync(q, HandleControlBatchAsync, stoppingToken))
            .Concat(Enumerable.Range(0, _options.WorkItemPollers).Select(_ => PollAsync(names.WorkItemQueue, HandleWorkItemsAsync, stoppingToken)));
        await Task.WhenAll(pollers);
        _logger.WorkerStopped();
    }

    private async Task PollAsync(string queueName, Func<QueueClient, QueueMessage[], Task> handle, CancellationToken stoppingToken)
    {
        var queue = _engine.Storage.Queues.Queue(queueName);
        var idle = _options.MinPollInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var received = await queue.ReceiveMessagesAsync(_options.BatchSize, _options.VisibilityTimeout, stoppingToken);
                if (received.Value.Length == 0)
                {
                    await Task.Delay(idle, stoppingToken);
                    idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, _options.MaxPollInterval.Ticks));
                    continue;
                }

                idle = _options.MinPollInterval;
                // In-flight work is not cancelled by a stop: finishing it is cheaper than redelivering it.
                await handle(queue, received.Value);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                _logger.PollFailed(queueName, ex);
                try
                {
                    await Task.Delay(_options.MaxPollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    private async Task HandleControlBatchAsync(QueueClient queue, QueueMessage[] messages)
    {
        var envelopes = messages.Select(m => ToEnvelope(queue, m)).ToList();
        var outcomes = await _engine.HandleControlBatchAsync(envelopes, CancellationToken.None);
        await Task.WhenAll(messages.Select((m, i) => SettleAsync(queue, m, outcomes[i])));
    }

    private async Task HandleWorkItemsAsync(QueueClient queue, QueueMessage[] messages)
    {
        await _activitySlots.WaitAsync();
        try
        {
            var outcomes = await _engine.HandleWorkItemBatchAsync(messages.Select(m => ToEnvelope(queue, m)).ToList(), CancellationToken.None);
            await Task.WhenAll(messages.Select((m, i) => SettleAsync(queue, m, outcomes[i])));
        }
        finally
        {
            _activitySlots.Release();
        }
    }

    private async Task SettleAsync(QueueClient queue, QueueMessage message, MessageOutcome outcome)
    {
        try
        {
            if (outcome == MessageOutcome.Completed) await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            else await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: _options.RetryDelay);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // The visibility timeout ran out and someone else holds the message now: it will be recognised as a duplicate.
        }
    }

    private static QueueMessageEnvelope ToEnvelope(QueueClient queue, QueueMessage m) =>
        new(queue.Name, m.MessageId, m.PopReceipt, m.Body.ToString(), m.DequeueCount);
}
