using System.Text.RegularExpressions;

namespace Pipeline.Orchestration;

/// <summary>Settings of a task hub: the storage names it uses and the engine's failure bounds.</summary>
public sealed partial record OrchestrationOptions
{
    /// <summary>Lowercase letters and digits: it prefixes queue, table and container names, which each restrict characters differently.</summary>
    public string HubName { get; init; } = "orchestrations";

    /// <summary>Control queues (instances are spread over them by a stable hash of the id). Fixed for the life of a hub.</summary>
    public int ControlQueueCount { get; init; } = 4;

    /// <summary>Deliveries after which a message that keeps failing is quarantined and its instance failed.
    /// Keep it at or below host.json's maxDequeueCount so the engine, not the host, does the quarantine.</summary>
    public int MaxDequeueCount { get; init; } = 5;

    /// <summary>Longest initial visibility delay of a timer message; longer timers are re-armed in steps (Azure allows 7 days).</summary>
    public TimeSpan MaxTimerDelay { get; init; } = TimeSpan.FromDays(6);

    /// <summary>A message that refers to history not committed yet is put back this much later (times the number of waits so far, capped at 10×).</summary>
    public TimeSpan WaitDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How many times such a message is put back before it is given up (moved to the poison queue; the instance is not failed: the history it refers to never appeared).</summary>
    public int MaxWaits { get; init; } = 30;

    /// <summary>A message lost to an ETag conflict (another worker advanced the instance) is put back this much later.</summary>
    public TimeSpan ConflictDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    public void Validate()
    {
        if (!HubNamePattern().IsMatch(HubName)) throw new ArgumentException($"Hub name '{HubName}' must be 3-40 lowercase letters or digits, starting with a letter.");
        if (ControlQueueCount is < 1 or > 100) throw new ArgumentException("ControlQueueCount must be between 1 and 100.");
        if (MaxDequeueCount < 1) throw new ArgumentException("MaxDequeueCount must be at least 1.");
        if (MaxTimerDelay <= TimeSpan.Zero || MaxTimerDelay > TimeSpan.FromDays(7)) throw new ArgumentException("MaxTimerDelay must be positive and at most 7 days.");
    }

    [GeneratedRegex("^[a-z][a-z0-9]{2,39}$")]
    private static partial Regex HubNamePattern();
}
