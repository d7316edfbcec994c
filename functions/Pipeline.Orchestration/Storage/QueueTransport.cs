using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Pipeline.Orchestration.Messaging;

namespace Pipeline.Orchestration.Storage;

/// <summary>
/// Sends and reads engine messages: control messages to the instance's control queue, activity requests to the
/// work-item queue. Messages are base64 encoded (what the Functions host's queueTrigger expects); those over the
/// queue limit go to a blob and the queue carries a reference.
/// </summary>
public sealed class QueueTransport
{
    /// <summary>Azure never delays a message more than 7 days.</summary>
    public static readonly TimeSpan MaxVisibilityDelay = TimeSpan.FromDays(7);

    private readonly Func<string, QueueClient> _factory;
    private readonly ConcurrentDictionary<string, QueueClient> _clients = new(StringComparer.Ordinal);
    private readonly PayloadStore _payloads;

    public QueueTransport(TaskHubNames names, Func<string, QueueClient> queueFactory, PayloadStore payloads)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(queueFactory);
        ArgumentNullException.ThrowIfNull(payloads);
        Names = names;
        _factory = queueFactory;
        _payloads = payloads;
    }

    public TaskHubNames Names { get; }

    public QueueClient Queue(string name) => _clients.GetOrAdd(name, _factory);

    public string QueueFor(OrchestrationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Kind == MessageKind.ActivityRequest ? Names.WorkItemQueue : Names.ControlQueueFor(message.InstanceId);
    }

    public async Task SendAsync(OrchestrationMessage message, TimeSpan? delay = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = JsonSerializer.Serialize(message, JsonPayload.Options);
        if (Encoding.UTF8.GetByteCount(text) > PayloadStore.MaxQueueMessageBytes)
        {
            var blob = await _payloads.UploadAsync(message.InstanceId, text, cancellationToken);
            // The reference keeps the routing fields, so a quarantined reference still names its instance.
            text = JsonSerializer.Serialize(message with { Payload = null, Failure = null, PayloadBlob = blob }, JsonPayload.Options);
        }

        await SendTextAsync(QueueFor(message), text, delay, cancellationToken);
    }

    public async Task SendTextAsync(string queue, string text, TimeSpan? delay = null, CancellationToken cancellationToken = default)
    {
        var visibility = delay is { } d && d > TimeSpan.Zero ? (d > MaxVisibilityDelay ? MaxVisibilityDelay : d) : (TimeSpan?)null;
        // Time-to-live -1 = never expire: the default (7 days) would silently drop long timers and parked work.
        await Queue(queue).SendMessageAsync(text, visibility, TimeSpan.FromSeconds(-1), cancellationToken);
    }

    public async Task<OrchestrationMessage> ParseAsync(string text, CancellationToken cancellationToken = default)
    {
        var message = JsonSerializer.Deserialize<OrchestrationMessage>(text, JsonPayload.Options)
                      ?? throw new InvalidDataException("Empty message.");
        if (!Enum.IsDefined(message.Kind)) throw new InvalidDataException($"Unknown message kind {(int)message.Kind}.");
        if (string.IsNullOrEmpty(message.InstanceId)) throw new InvalidDataException("Message has no instance id.");
        if (message.PayloadBlob is { } blob)
        {
            var full = JsonSerializer.Deserialize<OrchestrationMessage>(await _payloads.DownloadAsync(blob, cancellationToken), JsonPayload.Options)
                       ?? throw new InvalidDataException($"Payload blob {blob} is empty.");
            // Keep the outer counters (a re-queued reference counts its waits on the outer message).
            message = full with { PayloadBlob = null, Waits = message.Waits };
        }

        return message;
    }

    /// <summary>Re-serialises a message for a re-send (waits, timer re-arm), offloading again if needed.</summary>
    public Task ResendAsync(OrchestrationMessage message, TimeSpan delay, CancellationToken cancellationToken = default) =>
        SendAsync(message, delay, cancellationToken);

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default) =>
        await Task.WhenAll(Names.AllQueues.Select(q => Queue(q).CreateIfNotExistsAsync(cancellationToken: cancellationToken)));

    /// <summary>Best effort: the instance id of a message we cannot parse fully (for quarantine).</summary>
    public static string? TryReadInstanceId(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (p.Name.Equals("instanceId", StringComparison.OrdinalIgnoreCase) && p.Value.ValueKind == JsonValueKind.String) return p.Value.GetString();
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }
}
