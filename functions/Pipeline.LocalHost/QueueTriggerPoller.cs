using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;

namespace Pipeline.LocalHost;

/// <summary>
/// Plays the Functions host's queueTrigger for one function: receives messages hidden for the processing time
/// (renewed while the function runs), invokes the function with the message, deletes it on success, and on failure
/// lets it reappear after the retry delay, or moves it to <c>{queue}-poison</c> once it has been dequeued
/// maxDequeueCount times (host.json <c>extensions.queues</c>).
/// </summary>
public sealed class QueueTriggerPoller(
    FunctionEntry function, QueueClient queue, QueueClient poison, IServiceProvider services, HostSettings settings, TimeProvider clock, ILogger logger)
{
    public string QueueName => queue.Name;

    /// <summary>Polls until cancelled, sleeping longer (up to the maximum polling interval) while the queue is empty.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var idle = TimeSpan.FromMilliseconds(50);
        while (!cancellationToken.IsCancellationRequested)
        {
            int handled;
            try
            {
                handled = await PollOnceAsync(cancellationToken);
            }
            catch (RequestFailedException e)
            {
                Logs.PollerError(logger, queue.Name, e.Message);
                handled = 0;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            idle = handled > 0 ? TimeSpan.FromMilliseconds(50) : TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, settings.MaxPollingInterval.Ticks));
            if (handled > 0) continue;
            try
            {
                await Task.Delay(idle, clock, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Receives one batch and processes it; returns how many messages it handled.</summary>
    public async Task<int> PollOnceAsync(CancellationToken cancellationToken)
    {
        QueueMessage[] messages = await queue.ReceiveMessagesAsync(settings.BatchSize, settings.ProcessingVisibility, cancellationToken);
        await Task.WhenAll(messages.Select(m => HandleAsync(m, cancellationToken)));
        return messages.Length;
    }

    /// <summary>Processes messages until the queue has none visible; for one-shot commands like <c>ingest</c>.</summary>
    public async Task<int> DrainAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        int n;
        while ((n = await PollOnceAsync(cancellationToken)) > 0) total += n;
        return total;
    }

    private async Task HandleAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        var popReceipt = message.PopReceipt;
        using var renewal = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var keepHidden = KeepHiddenAsync(message, r => popReceipt = r, renewal.Token, cancellationToken);

        Exception? failure = null;
        try
        {
            await function.InvokeAsync(services, message, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            failure = e;
            Logs.FunctionFailed(logger, e, function.Name, e.Message);
        }
        finally
        {
            await renewal.CancelAsync();
            await keepHidden;
        }

        try
        {
            if (failure is null)
            {
                await queue.DeleteMessageAsync(message.MessageId, popReceipt, cancellationToken);
            }
            else if (message.DequeueCount >= settings.MaxDequeueCount)
            {
                await poison.SendMessageAsync(message.Body.ToString(), cancellationToken);
                await queue.DeleteMessageAsync(message.MessageId, popReceipt, cancellationToken);
                Logs.MessagePoisoned(logger, queue.Name, message.MessageId, message.DequeueCount, poison.Name, failure.Message);
            }
            else
            {
                await queue.UpdateMessageAsync(message.MessageId, popReceipt, visibilityTimeout: settings.RetryDelay, cancellationToken: cancellationToken);
                Logs.MessageWillRetry(logger, queue.Name, message.MessageId, message.DequeueCount, settings.MaxDequeueCount);
            }
        }
        catch (RequestFailedException e) when (e.Status == 404 || e.ErrorCode == "PopReceiptMismatch")
        {
            // Our hold on the message expired and another poller (or this one, in a later pass) took it: the
            // receiver now owns the outcome, and the function is idempotent.
            Logs.PollerError(logger, queue.Name, $"lost the hold on {message.MessageId} before settling it: {e.ErrorCode}");
        }
    }

    /// <summary>
    /// Extends the message's invisibility until <paramref name="stop"/> fires. Only the wait is cancelled by
    /// <paramref name="stop"/>: an update already sent runs to its end, because the service may apply it and hand
    /// out a new pop receipt that a cancelled call would never learn, leaving the delete with a stale one.
    /// </summary>
    private async Task KeepHiddenAsync(QueueMessage message, Action<string> setReceipt, CancellationToken stop, CancellationToken cancellationToken)
    {
        var receipt = message.PopReceipt;
        try
        {
            while (true)
            {
                await Task.Delay(settings.ProcessingVisibility / 2, clock, stop);
                var updated = await queue.UpdateMessageAsync(message.MessageId, receipt, visibilityTimeout: settings.ProcessingVisibility, cancellationToken: cancellationToken);
                receipt = updated.Value.PopReceipt;
                setReceipt(receipt);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (RequestFailedException e)
        {
            Logs.PollerError(logger, queue.Name, $"could not extend the visibility of {message.MessageId}: {e.Message}");
        }
    }
}
