using System.Text.Json;
using Azure.Storage.Queues.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Pipeline.Functions.Access;
using Pipeline.Functions.Hosting;
using Pipeline.Azure;
using Pipeline.Notifications;

namespace Pipeline.Functions.Notifications;

/// <summary>queueTrigger on <c>notification-deliveries</c>: one delivery attempt of one notification. A failed attempt
/// schedules the next itself (with backoff), so the message completes; only a storage fault makes the host retry it.</summary>
public sealed class DeliverNotificationFunction(WebhookDelivery delivery, ILogger<DeliverNotificationFunction> logger)
{
    public const string Name = "DeliverNotification";

    [Function(Name)]
    public async Task RunAsync([QueueTrigger(Names.NotificationDeliveriesQueue, Connection = "AzureWebJobsStorage")] QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        DeliveryRequest request;
        try
        {
            request = NotificationOutbox.ParseRequest(message.Body.ToString());
        }
        catch (JsonException e)
        {
            NotificationLogs.Ignored(logger, e.Message);
            return;
        }

        var outcome = await delivery.DeliverAsync(request, cancellationToken);
        NotificationLogs.Attempted(logger, request.PartnerId, request.EventId, outcome.Attempt, outcome.Status, outcome.Detail);
    }
}

/// <summary>Timer (every 5 minutes): sends again the deliveries whose attempt is overdue (a message lost after its row
/// was written, a host that died during an attempt).</summary>
public sealed class SweepNotificationsFunction(NotificationOutbox outbox, TimeProvider clock, ILogger<SweepNotificationsFunction> logger)
{
    public const string Name = "SweepNotifications";
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);

    [Function(Name)]
    public async Task RunAsync([TimerTrigger("0 */5 * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        foreach (var r in await outbox.OverdueAsync(clock.GetUtcNow() - Grace, cancellationToken))
        {
            await outbox.EnqueueAsync(new DeliveryRequest(r.Event.PartnerId, r.Event.Id, r.Attempts + 1), TimeSpan.Zero, cancellationToken);
            NotificationLogs.Resent(logger, r.Event.PartnerId, r.Event.Id);
        }
    }
}

/// <summary>
/// httpTrigger <c>GET|PUT|DELETE api/partners/{id}/webhook</c> (partner key of that partner): the partner's webhook.
/// PUT <c>{"url": "https://..."}</c> registers it (the answer shows the signing secret once, on the first
/// registration); GET shows the URL and when the secret was last rotated, never the secret.
/// </summary>
public sealed class PartnerWebhookFunction(AccessControl access, WebhookStore webhooks)
{
    public const string Name = "PartnerWebhook";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Function(Name)]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "put", "delete", Route = "api/partners/{id}/webhook")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        HttpTrigger.RunAsync(request, HandleAsync, cancellationToken, ("id", id));

    public async Task<HttpTriggerResponse> HandleAsync(HttpTriggerRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var decision = await access.PartnerAsync(request, Name, request.Param("id"), cancellationToken);
        if (!decision.Allowed) return decision.Refusal!;
        var partner = decision.Key!.Subject;
        switch (request.Method.ToUpperInvariant())
        {
            case "GET":
                return await webhooks.FindAsync(partner, cancellationToken) is { } found
                    ? HttpResponses.Json(200, new { url = found.Url.ToString(), createdAt = found.CreatedAt, rotatedAt = found.RotatedAt })
                    : HttpResponses.Error(404, "No webhook is registered; PUT {\"url\": \"https://...\"} registers one.");
            case "DELETE":
                return await webhooks.DeleteAsync(partner, cancellationToken) ? new HttpTriggerResponse(204, "", new Dictionary<string, string>()) : HttpResponses.Error(404, "No webhook is registered.");
            default:
                string? url;
                try
                {
                    using var body = JsonDocument.Parse(string.IsNullOrWhiteSpace(request.Body) ? "{}" : request.Body);
                    url = body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
                }
                catch (JsonException)
                {
                    url = null;
                }

                if (url is null) return HttpResponses.Error(400, "The body must be JSON: {\"url\": \"https://...\"}.");
                var first = await webhooks.FindAsync(partner, cancellationToken) is null;
                try
                {
                    var registered = await webhooks.RegisterAsync(partner, url, cancellationToken);
                    return HttpResponses.Json(first ? 201 : 200, new
                    {
                        url = registered.Url.ToString(),
                        secret = first ? registered.Secret : null,
                        note = first ? "Keep the secret: it is shown once. Deliveries carry X-Payouts-Signature: t=...,v1=HMAC-SHA256(secret, t + \".\" + body)." : "URL changed; the secret is unchanged.",
                    });
                }
                catch (WebhookUrlException e)
                {
                    return HttpResponses.Error(400, e.Message);
                }
        }
    }
}

/// <summary>httpTrigger <c>POST api/partners/{id}/webhook/rotate</c>: a new signing secret, shown once; the previous
/// one still signs deliveries for a day.</summary>
public sealed class PartnerWebhookRotateFunction(AccessControl access, WebhookStore webhooks)
{
    public const string Name = "PartnerWebhookRotate";

    [Function(Name)]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/partners/{id}/webhook/rotate")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        HttpTrigger.RunAsync(request, HandleAsync, cancellationToken, ("id", id));

    public async Task<HttpTriggerResponse> HandleAsync(HttpTriggerRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var decision = await access.PartnerAsync(request, Name, request.Param("id"), cancellationToken);
        if (!decision.Allowed) return decision.Refusal!;
        try
        {
            var rotated = await webhooks.RotateAsync(decision.Key!.Subject, cancellationToken);
            return HttpResponses.Json(200, new { secret = rotated.Secret, previousValidUntil = rotated.RotatedAt + WebhookRegistration.PreviousSecretLifetime });
        }
        catch (KeyNotFoundException)
        {
            return HttpResponses.Error(404, "No webhook is registered.");
        }
    }
}

/// <summary>httpTrigger <c>GET api/partners/{id}/notifications</c>: the partner's latest notifications with their
/// delivery state (delivered, pending with the last error, dead-letter with the reason).</summary>
public sealed class PartnerNotificationsFunction(AccessControl access, NotificationOutbox outbox)
{
    public const string Name = "PartnerNotifications";
    public const int Recent = 50;

    [Function(Name)]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/partners/{id}/notifications")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        HttpTrigger.RunAsync(request, HandleAsync, cancellationToken, ("id", id));

    public async Task<HttpTriggerResponse> HandleAsync(HttpTriggerRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var decision = await access.PartnerAsync(request, Name, request.Param("id"), cancellationToken);
        if (!decision.Allowed) return decision.Refusal!;
        var recent = await outbox.RecentAsync(decision.Key!.Subject, Recent, cancellationToken);
        return HttpResponses.Json(200, recent.Select(r => new
        {
            id = r.Event.Id,
            type = r.Event.Type,
            occurredAt = r.Event.OccurredAt,
            subject = r.Event.Subject,
            delivery = r.Status,
            attempts = r.Attempts,
            lastError = r.LastError,
            deliveredAt = r.DeliveredAt,
        }));
    }
}

internal static partial class NotificationLogs
{
    [LoggerMessage(7001, LogLevel.Information, "Notification {EventId} for {PartnerId}: attempt {Attempt}: {Status} ({Detail})")]
    public static partial void Attempted(ILogger logger, string partnerId, string eventId, int attempt, string status, string detail);

    [LoggerMessage(7002, LogLevel.Warning, "Ignored a delivery message that is not a delivery request: {Error}")]
    public static partial void Ignored(ILogger logger, string error);

    [LoggerMessage(7003, LogLevel.Information, "Notification {EventId} for {PartnerId}: overdue, sent again")]
    public static partial void Resent(ILogger logger, string partnerId, string eventId);
}
