using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Orchestration.Messaging;
using Pipeline.Orchestration.Storage;

namespace Pipeline.Orchestration;

/// <summary>
/// The engine's message handlers, independent of what triggers them: the Functions host's queueTrigger (one message
/// per invocation: answer 2xx on <see cref="MessageOutcome.Completed"/>, non-2xx on <see cref="MessageOutcome.Retry"/>)
/// or the local <see cref="OrchestrationWorker"/> (which also hands several messages of one queue at once).
/// A message that keeps failing is quarantined in <c>&lt;queue&gt;-poison</c> at <see cref="OrchestrationOptions.MaxDequeueCount"/>
/// deliveries and its instance failed with the reason.
/// </summary>
public sealed class OrchestrationEngine
{
    private readonly OrchestrationStorage _storage;
    private readonly OrchestrationRegistry _registry;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Runtime.EpisodeProcessor _episodes;
    private readonly Runtime.InstanceLocks _locks = new();

    public OrchestrationEngine(
        OrchestrationRegistry registry, OrchestrationStorage storage, ILoggerFactory? loggerFactory = null, TimeProvider? time = null,
        Func<EpisodeTrace, CancellationToken, Task>? episodeObserver = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(storage);
        _registry = registry;
        _storage = storage;
        _time = time ?? TimeProvider.System;
        loggerFactory ??= NullLoggerFactory.Instance;
        _logger = loggerFactory.CreateLogger("Pipeline.Orchestration.Engine");
        _episodes = new Runtime.EpisodeProcessor(registry, storage, new Runtime.HistoryCache(storage.History), _time, loggerFactory, episodeObserver);
    }

    public OrchestrationStorage Storage => _storage;

    /// <summary>One control-queue message (the Functions host path).</summary>
    public async Task<MessageOutcome> HandleControlMessageAsync(QueueMessageEnvelope message, CancellationToken cancellationToken = default) =>
        (await HandleControlBatchAsync([message], cancellationToken))[0];

    /// <summary>
    /// Several messages from one control queue: the messages of each instance are applied in one episode (an
    /// optimisation of the local worker; one message at a time gives the same result). Outcomes in input order.
    /// </summary>
    public async Task<IReadOnlyList<MessageOutcome>> HandleControlBatchAsync(IReadOnlyList<QueueMessageEnvelope> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var outcomes = new MessageOutcome[messages.Count];
        var parsed = new List<(int Index, OrchestrationMessage Message)>();
        for (var i = 0; i < messages.Count; i++)
        {
            try
            {
                var m = await _storage.Queues.ParseAsync(messages[i].Text, cancellationToken);
                if (m.Kind == MessageKind.ActivityRequest) throw new InvalidDataException("An activity request on a control queue.");
                if (m.Kind == MessageKind.TimerFired && await RearmIfEarlyAsync(m, cancellationToken)) outcomes[i] = MessageOutcome.Completed;
                else if (m.Kind == MessageKind.ResponseBatch) parsed.AddRange((m.Responses ?? []).Select(r => (i, r)));
                else parsed.Add((i, m));
                outcomes[i] = MessageOutcome.Completed;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                outcomes[i] = await FailedAsync(messages[i], null, ex, cancellationToken);
            }
        }

        var failures = new (OrchestrationMessage Message, Exception Error)?[messages.Count];
        await Task.WhenAll(parsed.GroupBy(p => p.Message.InstanceId, StringComparer.Ordinal).Select(async group =>
        {
            var items = group.ToList();
            try
            {
                Runtime.Disposition[] dispositions;
                using (await _locks.AcquireAsync(group.Key, cancellationToken))
                {
                    dispositions = await _episodes.ProcessAsync(group.Key, items.Select(p => p.Message).ToList(), cancellationToken);
                }

                // Put back individually: a batch's responses may be judged differently (one waits, the others applied).
                for (var j = 0; j < items.Count; j++)
                {
                    await PutBackIfNeededAsync(messages[items[j].Index], items[j].Message, dispositions[j], cancellationToken);
                }
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                foreach (var (index, message) in items) failures[index] = (message, ex);
            }
        }));
        for (var i = 0; i < messages.Count; i++)
        {
            if (failures[i] is { } failure) outcomes[i] = await FailedAsync(messages[i], failure.Message, failure.Error, cancellationToken);
        }

        return outcomes;
    }

    /// <summary>One work-item message: run the activity (at least once), send its result to the instance's control queue.</summary>
    public async Task<MessageOutcome> HandleWorkItemAsync(QueueMessageEnvelope message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        OrchestrationMessage? request = null;
        try
        {
            request = await _storage.Queues.ParseAsync(message.Text, cancellationToken);
            if (request.Kind != MessageKind.ActivityRequest) throw new InvalidDataException($"A {request.Kind} message on the work-item queue.");
            await _storage.Queues.SendAsync(await RunActivityAsync(request, cancellationToken), null, cancellationToken);
            return MessageOutcome.Completed;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return await FailedAsync(message, request, ex, cancellationToken);
        }
    }

    /// <summary>
    /// Several work items at once (the local worker): activities run concurrently and the results for one instance
    /// travel back in one control message. Outcomes in input order.
    /// </summary>
    public async Task<IReadOnlyList<MessageOutcome>> HandleWorkItemBatchAsync(IReadOnlyList<QueueMessageEnvelope> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var outcomes = new MessageOutcome[messages.Count];
        var responses = new OrchestrationMessage?[messages.Count];
        await Task.WhenAll(messages.Select(async (envelope, i) =>
        {
            OrchestrationMessage? request = null;
            try
            {
                request = await _storage.Queues.ParseAsync(envelope.Text, cancellationToken);
                if (request.Kind != MessageKind.ActivityRequest) throw new InvalidDataException($"A {request.Kind} message on the work-item queue.");
                responses[i] = await RunActivityAsync(request, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                outcomes[i] = await FailedAsync(envelope, request, ex, cancellationToken);
            }
        }));

        var byInstance = responses.Select((r, i) => (Response: r, Index: i)).Where(x => x.Response is not null).GroupBy(x => x.Response!.InstanceId, StringComparer.Ordinal);
        await Task.WhenAll(byInstance.Select(async group =>
        {
            var items = group.ToList();
            try
            {
                var message = items.Count == 1 ? items[0].Response! : new OrchestrationMessage
                {
                    Kind = MessageKind.ResponseBatch, InstanceId = group.Key, Responses = items.Select(x => x.Response!).ToList(),
                };
                await _storage.Queues.SendAsync(message, null, cancellationToken);
                foreach (var x in items) outcomes[x.Index] = MessageOutcome.Completed;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                foreach (var x in items) outcomes[x.Index] = await FailedAsync(messages[x.Index], x.Response, ex, cancellationToken);
            }
        }));
        return outcomes;
    }

    private async Task<OrchestrationMessage> RunActivityAsync(OrchestrationMessage request, CancellationToken cancellationToken)
    {
        var response = new OrchestrationMessage
        {
            Kind = MessageKind.TaskCompleted, InstanceId = request.InstanceId, ExecutionId = request.ExecutionId,
            TaskId = request.TaskId, CheckpointId = request.CheckpointId, Name = request.Name,
        };
        if (!_registry.TryGetActivity(request.Name ?? string.Empty, out var activity))
        {
            return response with
            {
                Kind = MessageKind.TaskFailed,
                Failure = new FailureDetails("ActivityNotRegistered", $"No activity named '{request.Name}' is registered in this app."),
            };
        }

        try
        {
            var context = new ActivityContext(request.Name!, request.InstanceId, request.ExecutionId ?? string.Empty, request.TaskId);
            return response with { Payload = await activity(context, request.Payload, cancellationToken) };
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.ActivityFailed(request.Name!, request.InstanceId, request.ExecutionId, request.TaskId, ex);
            return response with { Kind = MessageKind.TaskFailed, Failure = FailureDetails.FromException(ex) };
        }
    }

    /// <summary>Timers longer than a queue can delay arrive early: send them again for the rest of the wait.</summary>
    private async Task<bool> RearmIfEarlyAsync(OrchestrationMessage timer, CancellationToken cancellationToken)
    {
        var delay = Runtime.EpisodeProcessor.TimerDelay(timer.FireAt ?? default, _time.GetUtcNow().UtcDateTime, _storage.Options.MaxTimerDelay);
        if (delay is null) return false;
        await _storage.Queues.SendAsync(timer, delay, cancellationToken);
        _logger.TimerRearmed(timer.InstanceId, timer.ExecutionId, timer.TaskId, timer.FireAt);
        return true;
    }

    /// <summary>
    /// Waiting and conflicting messages go back on the queue as a new message with a delay (not by failing the
    /// delivery): their dequeue count must keep measuring failures only, or busy instances would be quarantined.
    /// </summary>
    private async Task<MessageOutcome> PutBackIfNeededAsync(QueueMessageEnvelope envelope, OrchestrationMessage message, Runtime.Disposition disposition, CancellationToken cancellationToken)
    {
        var options = _storage.Options;
        switch (disposition)
        {
            case Runtime.Disposition.Conflict:
                await _storage.Queues.SendAsync(message, options.ConflictDelay, cancellationToken);
                return MessageOutcome.Completed;
            case Runtime.Disposition.Wait when message.Waits + 1 >= options.MaxWaits:
                _logger.WaitGivenUp(message.InstanceId, message.ExecutionId, message.Kind, message.TaskId, message.Waits);
                await _storage.Queues.SendTextAsync(TaskHubNames.PoisonQueue(envelope.QueueName), envelope.Text, null, cancellationToken);
                return MessageOutcome.Completed;
            case Runtime.Disposition.Wait:
                var delay = options.WaitDelay * Math.Min(10, message.Waits + 1);
                await _storage.Queues.SendAsync(message with { Waits = message.Waits + 1 }, delay, cancellationToken);
                return MessageOutcome.Completed;
            default:
                return MessageOutcome.Completed;
        }
    }

    /// <summary>A delivery failed: retry it, or at the bound quarantine it and fail its instance (never retried forever).</summary>
    private async Task<MessageOutcome> FailedAsync(QueueMessageEnvelope envelope, OrchestrationMessage? message, Exception error, CancellationToken cancellationToken)
    {
        if (envelope.DequeueCount < _storage.Options.MaxDequeueCount)
        {
            _logger.MessageFailed(envelope.QueueName, envelope.MessageId, envelope.DequeueCount, error);
            return MessageOutcome.Retry;
        }

        var poison = TaskHubNames.PoisonQueue(envelope.QueueName);
        var instanceId = message?.InstanceId ?? QueueTransport.TryReadInstanceId(envelope.Text);
        var reason = $"Message {envelope.MessageId} ({message?.Kind.ToString() ?? "unreadable"}) failed {envelope.DequeueCount} times and was moved to {poison}. " +
                     $"Last error: {error.GetType().Name}: {error.Message}";
        try
        {
            await _storage.Queues.SendTextAsync(poison, envelope.Text, null, cancellationToken);
            if (instanceId is not null)
            {
                await _episodes.FailInstanceAsync(instanceId, new FailureDetails("PoisonMessage", reason, null, FailureDetails.FromException(error)), cancellationToken);
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Quarantine itself failed (storage down?): let the message come back and try again.
            _logger.MessageFailed(envelope.QueueName, envelope.MessageId, envelope.DequeueCount, ex);
            return MessageOutcome.Retry;
        }

        _logger.MessageQuarantined(envelope.QueueName, envelope.MessageId, envelope.DequeueCount, instanceId, reason);
        return MessageOutcome.Completed;
    }
}
