using System.Text.Json;
using Azure.Messaging.EventGrid;
using Azure.Messaging.EventGrid.SystemEvents;

namespace Pipeline.Ingest;

/// <summary>The facts ReceiveDrop needs from a BlobCreated event.</summary>
public sealed record BlobCreated(string EventId, Uri Url, string Container, string BlobName, string ETag, long ContentLength);

/// <summary>
/// BlobCreated events in the Event Grid schema, as Event Grid delivers them to the drop-events queue in Azure and
/// as the local trigger host produces them.
/// </summary>
public static class BlobCreatedEvents
{
    public const string EventType = "Microsoft.Storage.BlobCreated";

    public static string Create(Uri blobUrl, string containerName, string blobName, string etag, long contentLength, DateTimeOffset time, string api = "PutBlob")
    {
        var data = new
        {
            api,
            contentType = "application/octet-stream",
            contentLength,
            blobType = "BlockBlob",
            url = blobUrl.AbsoluteUri,
            eTag = etag,
            sequencer = time.UtcTicks.ToString("x16", System.Globalization.CultureInfo.InvariantCulture),
        };
        var ev = new
        {
            // Deterministic id: the same blob version always produces the same event id.
            id = $"{containerName}/{blobName}@{etag}",
            subject = $"/blobServices/default/containers/{containerName}/blobs/{blobName}",
            eventType = EventType,
            dataVersion = "1",
            metadataVersion = "1",
            eventTime = time,
            data,
        };
        return JsonSerializer.Serialize(ev);
    }

    /// <summary>Parses one event (or a one-element array, as Event Grid may batch). Throws <see cref="FormatException"/>
    /// with a clear reason for anything that is not a BlobCreated event.</summary>
    public static BlobCreated Parse(string message)
    {
        EventGridEvent[] events;
        try
        {
            events = EventGridEvent.ParseMany(BinaryData.FromString(message));
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            throw new FormatException($"The message is not an Event Grid event: {e.Message}", e);
        }

        if (events.Length != 1) throw new FormatException($"Expected one event in the message, found {events.Length}.");
        var ev = events[0];
        if (!ev.EventType.Equals(EventType, StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"Expected a {EventType} event, got '{ev.EventType}'.");
        }

        StorageBlobCreatedEventData data;
        try
        {
            data = ev.Data.ToObjectFromJson<StorageBlobCreatedEventData>()!;
        }
        catch (JsonException e)
        {
            throw new FormatException($"The event's data is not BlobCreated data: {e.Message}", e);
        }

        if (string.IsNullOrEmpty(data.Url) || !Uri.TryCreate(data.Url, UriKind.Absolute, out var url))
        {
            throw new FormatException("The event has no blob url.");
        }

        var (container, blob) = SplitSubject(ev.Subject) ?? throw new FormatException($"The event subject '{ev.Subject}' names no blob.");
        return new BlobCreated(ev.Id, url, container, blob, data.ETag ?? "", data.ContentLength ?? -1);
    }

    /// <summary>The blob name is taken from the subject, verbatim: a URL would have had its '..' segments
    /// collapsed by URI parsing, hiding exactly what we must reject.</summary>
    private static (string Container, string Blob)? SplitSubject(string subject)
    {
        const string prefix = "/blobServices/default/containers/";
        if (!subject.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var rest = subject[prefix.Length..];
        var marker = rest.IndexOf("/blobs/", StringComparison.Ordinal);
        if (marker <= 0) return null;
        return (rest[..marker], rest[(marker + "/blobs/".Length)..]);
    }
}
