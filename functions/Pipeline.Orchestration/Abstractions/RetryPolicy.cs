namespace Pipeline.Orchestration;

/// <summary>
/// How often and how soon to retry a failed activity. Retries wait on durable timers, so a retry an hour later
/// survives restarts like everything else.
/// </summary>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan FirstRetryInterval)
{
    public double BackoffCoefficient { get; init; } = 2.0;
    public TimeSpan MaxRetryInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Which failures to retry; null = all.</summary>
    public Func<TaskFailedException, bool>? Handle { get; init; }

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1 (attempts count from 1).</summary>
    public TimeSpan DelayAfter(int attempt)
    {
        var ticks = FirstRetryInterval.Ticks * Math.Pow(BackoffCoefficient, attempt - 1);
        return ticks >= MaxRetryInterval.Ticks ? MaxRetryInterval : TimeSpan.FromTicks((long)ticks);
    }
}
