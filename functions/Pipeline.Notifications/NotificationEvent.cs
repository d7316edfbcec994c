using System.Text.Json;

namespace Pipeline.Notifications;

/// <summary>The notification types: stable names a receiver can switch on.</summary>
public static class NotificationTypes
{
    public const string DropRejected = "drop.rejected";
    public const string DropPartlyRejected = "drop.partly_rejected";
    public const string StatementPublished = "statement.published";
    public const string CloseWaitingForFinance = "close.waiting_for_finance";
    public const string HoldReminder = "hold.reminder";
    public const string HoldEscalation = "hold.escalation";

    /// <summary>The partition of events addressed to finance rather than to one partner.</summary>
    public const string Finance = "finance";
}

/// <summary>
/// Something a partner (or finance) is told: a stable <see cref="Id"/> (the same fact always gets the same id, so a
/// repeated emission is one event and a receiver deduplicates deliveries by it), a <see cref="Type"/> from
/// <see cref="NotificationTypes"/>, who it is for, when it happened, and its facts as text.
/// </summary>
public sealed record NotificationEvent(string Id, string Type, string PartnerId, DateTimeOffset OccurredAt, string Subject, IReadOnlyDictionary<string, string> Data)
{
    private static readonly JsonSerializerOptions json = new(JsonSerializerDefaults.Web);

    /// <summary>The body a webhook receives (and the bytes it signs): the event as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(new
    {
        id = Id,
        type = Type,
        partnerId = PartnerId,
        occurredAt = OccurredAt.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        subject = Subject,
        data = new SortedDictionary<string, string>(Data.ToDictionary(), StringComparer.Ordinal),
    }, json);

    public static NotificationEvent FromJson(string text)
    {
        using var doc = JsonDocument.Parse(text);
        var r = doc.RootElement;
        var data = r.GetProperty("data").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal);
        return new NotificationEvent(r.GetProperty("id").GetString()!, r.GetProperty("type").GetString()!, r.GetProperty("partnerId").GetString()!,
            DateTimeOffset.Parse(r.GetProperty("occurredAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            r.GetProperty("subject").GetString() ?? "", data);
    }
}
