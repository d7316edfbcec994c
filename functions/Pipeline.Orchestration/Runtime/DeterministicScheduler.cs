namespace Pipeline.Orchestration.Runtime;

/// <summary>
/// Runs an orchestrator's continuations one at a time, in the order they were queued, on the thread that calls
/// <see cref="RunUntilIdle"/>. Awaits inside the orchestrator capture this scheduler, so a replay resumes the same
/// continuations in the same order every time, whatever the thread pool does.
/// </summary>
internal sealed class DeterministicScheduler : TaskScheduler
{
    private readonly Queue<Task> _queue = new();
    private readonly Lock _lock = new();

    public override int MaximumConcurrencyLevel => 1;

    public Task<TResult> Start<TResult>(Func<Task<TResult>> function) =>
        Task.Factory.StartNew(function, CancellationToken.None, TaskCreationOptions.None, this).Unwrap();

    /// <summary>Runs queued work until nothing is left (the orchestrator is waiting on durable tasks, or finished).</summary>
    public void RunUntilIdle()
    {
        while (true)
        {
            Task? next;
            lock (_lock)
            {
                if (!_queue.TryDequeue(out next)) return;
            }

            TryExecuteTask(next);
        }
    }

    protected override void QueueTask(Task task)
    {
        lock (_lock) _queue.Enqueue(task);
    }

    // Never inline: running a continuation inside SetResult would interleave it with the executor's own loop.
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    protected override IEnumerable<Task> GetScheduledTasks()
    {
        lock (_lock) return [.. _queue];
    }
}
