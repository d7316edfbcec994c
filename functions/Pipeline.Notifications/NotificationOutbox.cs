using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Pipeline.Azure;

namespace Pipeline.Notifications;

/// <summary>A notification as recorded, with where its delivery stands.</summary>
public sealed record NotificationRecord(NotificationEvent Event, string Status, int Attempts, string? LastError, DateTimeOffset? DeliveredAt, DateTimeOffset? NextAttemptAt)
{
    public const string Recorded = "recorded";
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Dead = "dead-letter";
}

/// <summary>The message that asks for one delivery attempt.</summary>
public sealed record DeliveryRequest(string PartnerId, string EventId, int Attempt);

/// <summary>
/// The outbox: every notification is a row of table <c>Notifications</c> (partition = partner, row = event id), written
/// once, and a feed row (partition <c>feed|{partner}</c>, newest first) that lists them by time, so the latest few are
/// one small query however many a partner has. A partner with a webhook gets a delivery message on
/// <c>notification-deliveries</c>; delivery attempts update the row (under its ETag). The row is written before the message, so a crash between the two leaves a pending row
/// that the sweep sends again; a repeated emission of the same fact finds the row and sends nothing new.
/// </summary>
public sealed class NotificationOutbox(StorageAccount storage, TimeProvider clock)
{
    private static readonly JsonSerializerOptions json = new(JsonSerializerDefaults.Web);
    private TableClient Table => storage.Table(Names.NotificationsTable);

    /// <summary>Records the event; when <paramref name="deliver"/>, asks for its delivery. False when it was recorded before.</summary>
    public async Task<bool> AddAsync(NotificationEvent ev, bool deliver, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ev);
        var entity = new TableEntity(TableKeys.Encode(ev.PartnerId), TableKeys.Encode(ev.Id))
        {
            ["Json"] = ev.ToJson(),
            ["Type"] = ev.Type,
            ["OccurredAt"] = ev.OccurredAt,
            ["Status"] = deliver ? NotificationRecord.Pending : NotificationRecord.Recorded,
            ["Attempts"] = 0,
            ["NextAttemptAt"] = deliver ? clock.GetUtcNow() : null,
        };
        try
        {
            await Table.AddEntityAsync(entity, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Recorded before (a redelivered drop event, a retried activity): one request, nothing more. A writer
            // that stopped between the row and its feed row leaves the event out of the latest-few list only; it is
            // recorded and delivered all the same.
            return false;
        }

        await AddToFeedAsync(ev, cancellationToken);
        if (deliver) await EnqueueAsync(new DeliveryRequest(ev.PartnerId, ev.Id, 1), TimeSpan.Zero, cancellationToken);
        return true;
    }

    private Task AddToFeedAsync(NotificationEvent ev, CancellationToken cancellationToken) =>
        Table.UpsertEntityAsync(new TableEntity(FeedPartition(ev.PartnerId), $"{DateTimeOffset.MaxValue.UtcTicks - ev.OccurredAt.UtcTicks:D19}-{TableKeys.Encode(ev.Id)}")
        {
            ["EventId"] = ev.Id,
        }, TableUpdateMode.Replace, cancellationToken);

    private static string FeedPartition(string partnerId) => "feed|" + TableKeys.Encode(partnerId);

    /// <summary>The ids of the partner's latest notifications, newest first: one query of at most <paramref name="count"/> rows.</summary>
    public async Task<IReadOnlyList<string>> RecentIdsAsync(string partnerId, int count, CancellationToken cancellationToken = default)
    {
        var pk = FeedPartition(partnerId);
        var ids = new List<string>();
        await foreach (var page in Table.QueryAsync<TableEntity>(x => x.PartitionKey == pk, maxPerPage: count, select: ["EventId"], cancellationToken: cancellationToken).AsPages())
        {
            ids.AddRange(page.Values.Select(e => e.GetString("EventId") ?? "").Take(count - ids.Count));
            if (ids.Count >= count) break;
        }

        return ids;
    }

    public async Task EnqueueAsync(DeliveryRequest request, TimeSpan delay, CancellationToken cancellationToken = default) =>
        await storage.Queue(Names.NotificationDeliveriesQueue).SendMessageAsync(JsonSerializer.Serialize(request, json), delay > TimeSpan.Zero ? delay : null, cancellationToken: cancellationToken);

    public static DeliveryRequest ParseRequest(string text) =>
        JsonSerializer.Deserialize<DeliveryRequest>(text, json) ?? throw new FormatException("Not a delivery request.");

    public async Task<(NotificationRecord Record, ETag ETag)?> FindAsync(string partnerId, string eventId, CancellationToken cancellationToken = default)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Encode(partnerId), TableKeys.Encode(eventId), cancellationToken: cancellationToken);
        return row.HasValue ? (Read(row.Value!), row.Value!.ETag) : null;
    }

    /// <summary>Updates the delivery state, unless someone else did since it was read (then false).</summary>
    public async Task<bool> UpdateAsync(NotificationRecord record, ETag etag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var entity = new TableEntity(TableKeys.Encode(record.Event.PartnerId), TableKeys.Encode(record.Event.Id))
        {
            ["Status"] = record.Status,
            ["Attempts"] = record.Attempts,
            ["LastError"] = record.LastError,
            ["DeliveredAt"] = record.DeliveredAt,
            ["NextAttemptAt"] = record.NextAttemptAt,
        };
        try
        {
            await Table.UpdateEntityAsync(entity, etag, TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return false;
        }
    }

    /// <summary>The partner's latest notifications with their delivery state, newest first (the feed, then a point
    /// read per notification).</summary>
    public async Task<IReadOnlyList<NotificationRecord>> RecentAsync(string partnerId, int count, CancellationToken cancellationToken = default)
    {
        var ids = await RecentIdsAsync(partnerId, count, cancellationToken);
        var found = await Task.WhenAll(ids.Select(id => FindAsync(partnerId, id, cancellationToken)));
        return [.. found.OfType<(NotificationRecord Record, ETag ETag)>().Select(f => f.Record)];
    }

    /// <summary>Deliveries that should have been attempted before <paramref name="dueBefore"/> and are still pending (a
    /// message lost between the row and the queue, or a host that died mid-attempt).</summary>
    public async Task<IReadOnlyList<NotificationRecord>> OverdueAsync(DateTimeOffset dueBefore, CancellationToken cancellationToken = default)
    {
        var overdue = new List<NotificationRecord>();
        await foreach (var e in Table.QueryAsync<TableEntity>(x => x.GetString("Status") == NotificationRecord.Pending, cancellationToken: cancellationToken))
        {
            var r = Read(e);
            if (r.NextAttemptAt is { } at && at < dueBefore) overdue.Add(r);
        }

        return overdue;
    }

    /// <summary>Every dead-lettered delivery (finance's console lists them with the reason).</summary>
    public async Task<IReadOnlyList<NotificationRecord>> DeadLettersAsync(CancellationToken cancellationToken = default)
    {
        var dead = new List<NotificationRecord>();
        await foreach (var e in Table.QueryAsync<TableEntity>(x => x.GetString("Status") == NotificationRecord.Dead, cancellationToken: cancellationToken)) dead.Add(Read(e));
        return [.. dead.OrderByDescending(r => r.Event.OccurredAt)];
    }

    private static NotificationRecord Read(TableEntity e) => new(
        NotificationEvent.FromJson(e.GetString("Json")!), e.GetString("Status") ?? NotificationRecord.Recorded, e.GetInt32("Attempts") ?? 0,
        e.GetString("LastError"), e.GetDateTimeOffset("DeliveredAt"), e.GetDateTimeOffset("NextAttemptAt"));
}
