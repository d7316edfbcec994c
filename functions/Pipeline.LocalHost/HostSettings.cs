using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;

namespace Pipeline.LocalHost;

/// <summary>
/// The Functions host's settings as the app is deployed with them: <c>host.json</c>, overridden by settings named
/// <c>AzureFunctionsJobHost__path__to__value</c> (as in Azure, where bicep sets the task hub name and partition count
/// that way), plus a few local-only knobs under <c>Pipeline:Host</c> for tests and demos.
/// </summary>
public sealed record HostSettings
{
    public const string Section = "AzureFunctionsJobHost";

    // extensions.queues
    public int MaxDequeueCount { get; init; } = 5;
    public TimeSpan RetryDelay { get; init; } = TimeSpan.Zero;
    public int BatchSize { get; init; } = 16;
    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromSeconds(2);

    // extensions.http
    public string HttpRoutePrefix { get; init; } = "api";

    // extensions.durableTask
    public string HubName { get; init; } = "TestHubName";
    public int PartitionCount { get; init; } = 4;
    public TimeSpan DurablePollingInterval { get; init; } = TimeSpan.FromSeconds(30);
    public bool ExtendedSessions { get; init; }
    public int MaxConcurrentActivities { get; init; } = 10 * Environment.ProcessorCount;
    public int MaxConcurrentOrchestrations { get; init; } = 10 * Environment.ProcessorCount;
    public TimeSpan ControlQueueVisibility { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan WorkItemQueueVisibility { get; init; } = TimeSpan.FromMinutes(5);

    // local only (Pipeline:Host)
    /// <summary>How long a queue message stays hidden while a function processes it (renewed at half-time).</summary>
    public TimeSpan ProcessingVisibility { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the drops container is scanned for new blobs (Event Grid's part, locally).</summary>
    public TimeSpan DropScanInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>This host's name on the task hub's partition leases. A host restarted under the same name takes its
    /// leases back at once; two hosts sharing a hub need different names.</summary>
    public string WorkerId { get; init; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>How long a partition lease lasts without renewal: how soon a killed host's partitions move on.</summary>
    public TimeSpan LeaseInterval { get; init; } = TimeSpan.FromSeconds(30);

    public static HostSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var d = new HostSettings();
        var ext = configuration.GetSection($"{Section}:extensions");
        var queues = ext.GetSection("queues");
        var durable = ext.GetSection("durableTask");
        var storage = durable.GetSection("storageProvider");
        var local = configuration.GetSection("Pipeline:Host");
        return new HostSettings
        {
            MaxDequeueCount = Int(queues["maxDequeueCount"]) ?? d.MaxDequeueCount,
            RetryDelay = Span(local["RetryDelay"]) ?? Span(queues["visibilityTimeout"]) ?? d.RetryDelay,
            BatchSize = Int(queues["batchSize"]) ?? d.BatchSize,
            MaxPollingInterval = Span(local["MaxPollingInterval"]) ?? Span(queues["maxPollingInterval"]) ?? d.MaxPollingInterval,
            HttpRoutePrefix = ext.GetSection("http")["routePrefix"] ?? d.HttpRoutePrefix,
            HubName = durable["hubName"] ?? d.HubName,
            PartitionCount = Int(storage["partitionCount"]) ?? d.PartitionCount,
            DurablePollingInterval = Span(local["DurablePollingInterval"]) ?? Span(storage["maxQueuePollingInterval"]) ?? d.DurablePollingInterval,
            ExtendedSessions = bool.TryParse(durable["extendedSessionsEnabled"], out var x) ? x : d.ExtendedSessions,
            MaxConcurrentActivities = Int(durable["maxConcurrentActivityFunctions"]) ?? d.MaxConcurrentActivities,
            MaxConcurrentOrchestrations = Int(durable["maxConcurrentOrchestratorFunctions"]) ?? d.MaxConcurrentOrchestrations,
            ControlQueueVisibility = Span(local["DurableVisibility"]) ?? Span(storage["controlQueueVisibilityTimeout"]) ?? d.ControlQueueVisibility,
            WorkItemQueueVisibility = Span(local["DurableVisibility"]) ?? Span(storage["workItemQueueVisibilityTimeout"]) ?? d.WorkItemQueueVisibility,
            ProcessingVisibility = Span(local["ProcessingVisibility"]) ?? d.ProcessingVisibility,
            DropScanInterval = Span(local["DropScanInterval"]) ?? d.DropScanInterval,
            WorkerId = local["WorkerId"] is { Length: > 0 } w ? w : d.WorkerId,
            LeaseInterval = Span(local["LeaseInterval"]) ?? d.LeaseInterval,
        };
    }

    /// <summary>host.json's values as configuration keys under <see cref="Section"/>, to go first (lowest) among the
    /// sources so that <c>AzureFunctionsJobHost__...</c> settings override them, as the Functions host does.</summary>
    public static MemoryConfigurationSource HostJsonSource(string path)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (File.Exists(path))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            Flatten(doc.RootElement, Section, values);
        }

        return new MemoryConfigurationSource { InitialData = values };
    }

    public static string DefaultHostJsonPath => Path.Combine(AppContext.BaseDirectory, "host.json");

    private static void Flatten(JsonElement element, string prefix, Dictionary<string, string?> values)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in element.EnumerateObject()) Flatten(p.Value, $"{prefix}:{p.Name}", values);
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray()) Flatten(item, $"{prefix}:{i++}", values);
                break;
            default:
                values[prefix] = element.ValueKind == JsonValueKind.String ? element.GetString() : element.GetRawText();
                break;
        }
    }

    private static int? Int(string? text) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static TimeSpan? Span(string? text) => text is null ? null : TimeSpan.Parse(text, CultureInfo.InvariantCulture);
}
