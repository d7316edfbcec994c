using System.Text.Json;

namespace Pipeline.Functions.Local;

/// <summary>
/// The queue semantics the Functions host applies, read from the same <c>host.json</c> so that local runs behave
/// as deployed ones: how many tries before the poison queue, how long a failed message waits, how many messages
/// are processed at once, how long an idle poller sleeps.
/// </summary>
public sealed record HostSettings
{
    public int MaxDequeueCount { get; init; } = 5;
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(10);
    public int BatchSize { get; init; } = 16;
    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a message stays hidden while a function processes it (renewed at half-time).</summary>
    public TimeSpan ProcessingVisibility { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the drops container is scanned for new blobs (Event Grid's part, locally).</summary>
    public TimeSpan DropScanInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>What the host puts before every httpTrigger route (<c>extensions.http.routePrefix</c>; "api" by default).</summary>
    public string HttpRoutePrefix { get; init; } = "api";

    public static HostSettings FromHostJson(string path)
    {
        var settings = new HostSettings();
        if (!File.Exists(path)) return settings;
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        if (!doc.RootElement.TryGetProperty("extensions", out var ext)) return settings;
        if (ext.TryGetProperty("http", out var http) && http.TryGetProperty("routePrefix", out var prefix) && prefix.GetString() is { } p)
        {
            settings = settings with { HttpRoutePrefix = p };
        }

        if (!ext.TryGetProperty("queues", out var q)) return settings;
        static TimeSpan? Span(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) ? TimeSpan.Parse(v.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : null;
        return settings with
        {
            MaxDequeueCount = q.TryGetProperty("maxDequeueCount", out var m) ? m.GetInt32() : settings.MaxDequeueCount,
            BatchSize = q.TryGetProperty("batchSize", out var b) ? b.GetInt32() : settings.BatchSize,
            RetryDelay = Span(q, "visibilityTimeout") ?? settings.RetryDelay,
            MaxPollingInterval = Span(q, "maxPollingInterval") ?? settings.MaxPollingInterval,
        };
    }

    /// <summary>Local-only overrides (e.g. <c>Pipeline__Host__ProcessingVisibility=00:00:05</c>) for tests and demos.</summary>
    public HostSettings WithOverrides(Microsoft.Extensions.Configuration.IConfiguration section)
    {
        static TimeSpan? Span(string? text) => text is null ? null : TimeSpan.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        return this with
        {
            ProcessingVisibility = Span(section["ProcessingVisibility"]) ?? ProcessingVisibility,
            RetryDelay = Span(section["RetryDelay"]) ?? RetryDelay,
            MaxPollingInterval = Span(section["MaxPollingInterval"]) ?? MaxPollingInterval,
            DropScanInterval = Span(section["DropScanInterval"]) ?? DropScanInterval,
        };
    }

    public static string DefaultHostJsonPath => Path.Combine(AppContext.BaseDirectory, "host.json");
}
