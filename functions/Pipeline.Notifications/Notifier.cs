using Azure.Identity;
using Azure.Messaging;
using Azure.Messaging.EventGrid;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pipeline.Azure;
using Pipeline.Ingest;
using Pipeline.Notifications;

namespace Pipeline.Notifications;

/// <summary>
/// Where the pipeline says something happened: each event is recorded in the outbox (the scorecard and the finance
/// console list them), delivered to the partner's webhook when one is registered, and, in Azure, published to the
/// Event Grid topic (<c>Pipeline:Notifications:EventGridTopic</c>) that finance routes to mail or Teams without code.
/// Emitting the same fact twice (a retried activity, a redelivered drop event) records and delivers it once.
/// </summary>
public sealed class Notifier(NotificationOutbox outbox, WebhookStore webhooks, EventGridPublisherClient? eventGrid = null)
{
    public async Task PublishAsync(NotificationEvent ev, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ev);
        var deliver = ev.PartnerId != NotificationTypes.Finance && await webhooks.FindAsync(ev.PartnerId, cancellationToken) is not null;
        if (await outbox.AddAsync(ev, deliver, cancellationToken)) await PublishToEventGridAsync([ev], cancellationToken);
    }

    /// <summary>Several events at once (a close batch's statements): the webhook list is read once.</summary>
    public async Task PublishAsync(IReadOnlyList<NotificationEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0) return;
        var withWebhook = await webhooks.PartnersAsync(cancellationToken);
        var added = new System.Collections.Concurrent.ConcurrentBag<NotificationEvent>();
        await Parallel.ForEachAsync(events, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (ev, ct) =>
        {
            if (await outbox.AddAsync(ev, withWebhook.Contains(ev.PartnerId), ct)) added.Add(ev);
        });
        await PublishToEventGridAsync([.. added.OrderBy(e => e.Id, StringComparer.Ordinal)], cancellationToken);
    }

    private async Task PublishToEventGridAsync(IReadOnlyList<NotificationEvent> events, CancellationToken cancellationToken)
    {
        if (eventGrid is null || events.Count == 0) return;
        await eventGrid.SendEventsAsync(events.Select(ToCloudEvent), cancellationToken);
    }

    /// <summary>The event as a CloudEvent: source <c>/partner-payouts</c>, type <c>payouts.{type}</c>, subject the
    /// partner, id the event's (Event Grid subscribers deduplicate on it too).</summary>
    public static CloudEvent ToCloudEvent(NotificationEvent ev)
    {
        ArgumentNullException.ThrowIfNull(ev);
        return new CloudEvent("/partner-payouts", $"payouts.{ev.Type}", BinaryData.FromString(ev.ToJson()), "application/json")
        {
            Id = ev.Id,
            Subject = $"partners/{ev.PartnerId}",
            Time = ev.OccurredAt,
        };
    }

    /// <summary>drop.rejected or drop.partly_rejected for a drop that had problems; null for a clean one. The subject
    /// names the partner's own file and when it was received, so a partner with many uploads knows which one.</summary>
    public static NotificationEvent? ForDrop(DropReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        if (receipt.Outcome is AuditOutcomes.Duplicate or AuditOutcomes.Superseded) return null;
        var rejected = receipt.Outcome == AuditOutcomes.Rejected;
        if (!rejected && receipt.RowsRejected == 0) return null;
        var type = rejected ? NotificationTypes.DropRejected : NotificationTypes.DropPartlyRejected;
        var partner = receipt.Path.Split('/')[0];
        var received = receipt.ReceivedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        return new NotificationEvent($"{type}:{receipt.DropId}", type, partner, receipt.CompletedAt ?? receipt.ReceivedAt,
            rejected ? $"Your file {receipt.Path} received {received} was rejected: {receipt.Reason}"
                     : $"Your file {receipt.Path} received {received}: {receipt.RowsRejected:N0} row(s) rejected, {receipt.RowsAccepted:N0} accepted",
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["dropId"] = receipt.DropId,
                ["path"] = receipt.Path,
                ["receivedAt"] = received,
                ["reason"] = receipt.Reason,
                ["rowsAccepted"] = receipt.RowsAccepted.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["rowsRejected"] = receipt.RowsRejected.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
    }
}

public static class NotificationServiceCollectionExtensions
{
    /// <summary>The outbox, webhooks, delivery and the notifier, with <see cref="NotificationOptions"/> bound from
    /// <c>Pipeline:Notifications</c> and validated when the host starts (or on first use, for one-shot commands).</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NotificationOptions>()
            .Bind(configuration.GetSection(NotificationOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<NotificationOptions>, NotificationOptionsValidator>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<NotificationOptions>>().Value);
        services.AddSingleton(sp => new WebhookStore(sp.GetRequiredService<StorageAccount>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<NotificationOptions>().AllowLoopback));
        services.AddSingleton<NotificationOutbox>();
        services.AddSingleton<WebhookDelivery>();
        services.AddSingleton(sp => new Notifier(sp.GetRequiredService<NotificationOutbox>(), sp.GetRequiredService<WebhookStore>(),
            sp.GetRequiredService<NotificationOptions>().EventGridTopic is { } topic
                // The app's identity, as for storage (Bicep grants it EventGrid Data Sender on the topic).
                ? new EventGridPublisherClient(topic, sp.GetRequiredService<StorageAccount>().Credential ?? new DefaultAzureCredential())
                : null));
        return services;
    }

    /// <summary>Names every problem of the settings in the start-up failure, not just the first.</summary>
    private sealed class NotificationOptionsValidator : IValidateOptions<NotificationOptions>
    {
        public ValidateOptionsResult Validate(string? name, NotificationOptions options) =>
            options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
