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

    private async Task PollAsync(string queueName, Func<QueueClient, InFlight[], Task<IReadOnlyList<MessageOutcome>>> handle, CancellationToken stoppingToken)
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
                var inFlight = received.Value.Select(m => new InFlight(m)).ToArray();
                using var renewal = new CancellationTokenSource();
                var renewing = KeepInvisibleAsync(queue, inFlight, renewal.Token);
                IReadOnlyList<MessageOutcome> outcomes;
                try
                {
                    outcomes = await handle(queue, inFlight);
                }
                finally
                {
                    await renewal.CancelAsync();
                    await renewing;
                }

                // Settled after the renewal stopped, so the pop receipt used here is the last one issued.
                await Task.WhenAll(inFlight.Select((m, i) => SettleAsync(queue, m, outcomes[i])));
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

    /// <summary>
    /// Long episodes (a first fan-out sending thousands of messages) and long activities outlast the visibility
    /// timeout: renew it, as the Functions host does, so another worker does not start the same work meanwhile.
    /// </summary>
    private async Task KeepInvisibleAsync(QueueClient queue, InFlight[] messages, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_options.VisibilityTimeout / 2, cancellationToken);
                foreach (var m in messages)
                {
                    // Not cancellable: an update that succeeded unseen would leave us holding a stale pop receipt.
                    var receipt = await queue.UpdateMessageAsync(m.Message.MessageId, m.PopReceipt, visibilityTimeout: _options.VisibilityTimeout, cancellationToken: CancellationToken.None);
                    m.PopReceipt = receipt.Value.PopReceipt;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (RequestFailedException ex)
        {
            // Lost the message already (it reappeared and someone else holds it): the duplicate is recognised downstream.
            _logger.PollFailed(queue.Name, ex);
        }
    }

    private Task<IReadOnlyList<MessageOutcome>> HandleControlBatchAsync(QueueClient queue, InFlight[] messages) =>
        _engine.HandleControlBatchAsync(messages.Select(m => ToEnvelope(queue, m)).ToList(), CancellationToken.None);

    private async Task<IReadOnlyList<MessageOutcome>> HandleWorkItemsAsync(QueueClient queue, InFlight[] messages)
    {
        await _activitySlots.WaitAsync();
        try
        {
            return await _engine.HandleWorkItemBatchAsync(messages.Select(m => ToEnvelope(queue, m)).ToList(), CancellationToken.None);
        }
        finally
        {
            _activitySlots.Release();
        }
    }

    private async Task SettleAsync(QueueClient queue, InFlight message, MessageOutcome outcome)
    {
        try
        {
            if (outcome == MessageOutcome.Completed) await queue.DeleteMessageAsync(message.Message.MessageId, message.PopReceipt);
            else await queue.UpdateMessageAsync(message.Message.MessageId, message.PopReceipt, visibilityTimeout: _options.RetryDelay);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // The visibility timeout ran out and someone else holds the message now: it will be recognised as a duplicate.
        }
    }

    private static QueueMessageEnvelope ToEnvelope(QueueClient queue, InFlight m) =>
        new(queue.Name, m.Message.MessageId, m.PopReceipt, m.Message.Body.ToString(), m.Message.DequeueCount);

    /// <summary>A received message and its current pop receipt (each visibility renewal issues a new one).</summary>
    private sealed class InFlight(QueueMessage message)
    {
        public QueueMessage Message { get; } = message;
        public string PopReceipt { get; set; } = message.PopReceipt;
    }
}
