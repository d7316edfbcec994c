namespace Pipeline.Orchestration;

/// <summary>How the local polling worker reads the queues (under the Functions host, host.json plays this part).</summary>
public sealed record OrchestrationWorkerOptions
{
    /// <summary>Messages are hidden this long while processed; one not deleted by then is delivered again (and recognised).</summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Polling backs off from the minimum to the maximum while queues are empty.</summary>
    public TimeSpan MinPollInterval { get; init; } = TimeSpan.FromMilliseconds(50);
    public TimeSpan MaxPollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A failed delivery becomes visible again after this (the dequeue count then grows towards the poison bound).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Messages fetched per receive (Azure allows 32).</summary>
    public int BatchSize { get; init; } = 32;

    public int MaxConcurrentActivities { get; init; } = 64;

    /// <summary>Concurrent pollers of the work-item queue.</summary>
    public int WorkItemPollers { get; init; } = 2;
}
