namespace Pipeline.Notifications;

/// <summary>
/// Settings of <c>Pipeline:Notifications</c>, bound at start-up and checked before the app serves anything.
/// Delivery: retries back off from <see cref="RetryBase"/> (doubling, at most an hour apart) and stop after
/// <see cref="MaxAttempts"/>; a receiver has <see cref="Timeout"/> to answer. Finance's events also go to the Event
/// Grid topic <see cref="EventGridTopic"/> when one is set.
/// </summary>
public sealed record NotificationOptions
{
    public const string Section = "Pipeline:Notifications";

    public TimeSpan RetryBase { get; init; } = TimeSpan.FromSeconds(30);
    public int MaxAttempts { get; init; } = 8;
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Allow http webhooks on the loopback interface (the local demo and tests); never in Azure.</summary>
    public bool AllowLoopback { get; init; }

    /// <summary>The Event Grid custom topic's endpoint (https), or none.</summary>
    public Uri? EventGridTopic { get; init; }

    public TimeSpan Backoff(int attempt) =>
        TimeSpan.FromTicks(Math.Min(TimeSpan.FromHours(1).Ticks, RetryBase.Ticks * (1L << Math.Clamp(attempt - 1, 0, 30))));

    /// <summary>Every setting that is out of range, by its configuration key; empty when they all hold.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (MaxAttempts is < 1 or > 50) problems.Add($"{Section}:MaxAttempts must be between 1 and 50 (is {MaxAttempts}).");
        if (RetryBase <= TimeSpan.Zero || RetryBase > TimeSpan.FromHours(1)) problems.Add($"{Section}:RetryBase must be positive and at most an hour (is {RetryBase}).");
        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(2)) problems.Add($"{Section}:Timeout must be positive and at most two minutes (is {Timeout}).");
        if (EventGridTopic is { } topic && (!topic.IsAbsoluteUri || topic.Scheme != Uri.UriSchemeHttps))
            problems.Add($"{Section}:EventGridTopic must be an https endpoint (is {topic}).");
        return problems;
    }
}
