using Microsoft.Extensions.Logging;

namespace Pipeline.Orchestration;

/// <summary>
/// What an orchestrator may use. Orchestrators are replayed from their history on every episode, so they must be
/// deterministic: time, ids, randomness, I/O and waiting all go through this context (no DateTime.UtcNow,
/// Guid.NewGuid, Task.Delay, Task.Run or ConfigureAwait(false)).
/// </summary>
public abstract class OrchestrationContext
{
    public abstract string InstanceId { get; }

    /// <summary>Changes with every ContinueAsNew.</summary>
    public abstract string ExecutionId { get; }

    public abstract string Name { get; }

    /// <summary>The time of the current episode as recorded in history (the same on every replay).</summary>
    public abstract DateTime CurrentUtcDateTime { get; }

    /// <summary>True while the orchestrator re-executes steps already recorded in history.</summary>
    public abstract bool IsReplaying { get; }

    public abstract T? GetInput<T>();

    public abstract Task<T?> CallActivityAsync<T>(string name, object? input = null, RetryPolicy? retry = null);

    public Task CallActivityAsync(string name, object? input = null, RetryPolicy? retry = null) =>
        CallActivityAsync<object>(name, input, retry);

    /// <param name="instanceId">Null: derived from this instance id and the step, so replays address the same child.</param>
    public abstract Task<T?> CallSubOrchestratorAsync<T>(string name, string? instanceId = null, object? input = null);

    /// <summary>A durable timer: survives restarts; completes at <paramref name="fireAt"/> (UTC).
    /// Cancelling the token abandons the wait (the timer message still arrives later and is ignored).</summary>
    public abstract Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken);

    /// <summary>Waits for an event raised by the client. Names are case-insensitive; events raised before the wait are buffered.</summary>
    public abstract Task<T?> WaitForExternalEvent<T>(string name);

    /// <summary>Waits for an event at most <paramref name="timeout"/> (a durable timer); throws <see cref="TimeoutException"/> when it elapses.</summary>
    public async Task<T?> WaitForExternalEvent<T>(string name, TimeSpan timeout)
    {
        using var cancelTimer = new CancellationTokenSource();
        var received = WaitForExternalEvent<T>(name);
        var timer = CreateTimer(CurrentUtcDateTime + timeout, cancelTimer.Token);
        var winner = await Task.WhenAny(received, timer);
        if (winner == received)
        {
            // Synchronous Cancel on purpose: CancelAsync runs the callbacks on the thread pool, outside the orchestrator's scheduler.
#pragma warning disable CA1849
            cancelTimer.Cancel();
#pragma warning restore CA1849
            return await received;
        }

        CancelEventWait(name, received);
        throw new TimeoutException($"Event '{name}' was not raised within {timeout}.");
    }

    /// <summary>Removes a waiter that timed out, so a later event is buffered for the next wait instead of lost.</summary>
    protected abstract void CancelEventWait(string name, Task waiter);

    /// <summary>Published with the instance status: say what the orchestration is doing.</summary>
    public abstract void SetCustomStatus(object? customStatus);

    /// <summary>A Guid that is the same on every replay (derived from the instance, the execution and a counter).</summary>
    public abstract Guid NewGuid();

    /// <summary>Ends this execution and starts a new one with <paramref name="input"/> and an empty history
    /// (the way to write long or endless loops without growing history). The orchestrator should return right after.</summary>
    public abstract void ContinueAsNew(object? input);

    /// <summary>A logger that stays silent while the orchestrator replays, so each line is written once.</summary>
    public abstract ILogger CreateReplaySafeLogger(string categoryName);

    public ILogger CreateReplaySafeLogger<T>() => CreateReplaySafeLogger(typeof(T).FullName ?? typeof(T).Name);
}
