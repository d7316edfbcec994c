using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Pipeline.Notifications;

/// <summary>What one delivery attempt did.</summary>
public sealed record DeliveryOutcome(string Status, int Attempt, string Detail);

/// <summary>
/// Delivers one notification to the partner's webhook: a POST of the event's JSON, signed (<see cref="WebhookSignature"/>),
/// with the event id and type in headers so the receiver can deduplicate. A 2xx answer within the timeout is a
/// delivery; anything else is retried with backoff, and after the last attempt the notification is dead-lettered with
/// the reason. Connections go only to public addresses (the name is resolved here, so a DNS answer cannot point a
/// webhook at the platform's own network), redirects are not followed, and the receiver's answer is not read beyond
/// its status. Each attempt runs on its own queue message, so a slow or dead receiver delays nothing else.
/// </summary>
public sealed class WebhookDelivery : IDisposable
{
    private readonly NotificationOutbox _outbox;
    private readonly WebhookStore _webhooks;
    private readonly NotificationOptions _options;
    private readonly TimeProvider _clock;
    private readonly HttpClient _http;

[SuppressMessage("Reliability", "CA2000:Dispose objects before losing scope", Justification = "The handler belongs to the HttpClient, which Dispose disposes.")]
    public WebhookDelivery(NotificationOutbox outbox, WebhookStore webhooks, NotificationOptions options, TimeProvider clock)
    {
        _outbox = outbox;
        _webhooks = webhooks;
        _options = options;
        _clock = clock;
        var allowLoopback = options.AllowLoopback;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectCallback = async (context, cancellationToken) =>
            {
                var addresses = IPAddress.TryParse(context.DnsEndPoint.Host, out var literal)
                    ? [literal]
                    : await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
                var allowed = addresses.Where(a => !WebhookStore.IsInternal(a) || (allowLoopback && IPAddress.IsLoopback(a))).ToArray();
                if (allowed.Length == 0) throw new WebhookUrlException($"{context.DnsEndPoint.Host} resolves to no public address.");
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        _http = new HttpClient(handler) { Timeout = options.Timeout };
    }

    public async Task<DeliveryOutcome> DeliverAsync(DeliveryRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var found = await _outbox.FindAsync(request.PartnerId, request.EventId, cancellationToken);
        if (found is not { } row) return new DeliveryOutcome("missing", request.Attempt, "no such notification");
        var (record, etag) = row;
        if (record.Status is NotificationRecord.Delivered or NotificationRecord.Dead or NotificationRecord.Recorded)
            return new DeliveryOutcome(record.Status, record.Attempts, "already settled");

        var webhook = await _webhooks.FindAsync(request.PartnerId, cancellationToken);
        if (webhook is null)
        {
            await _outbox.UpdateAsync(record with { Status = NotificationRecord.Recorded, NextAttemptAt = null, LastError = "no webhook registered" }, etag, cancellationToken);
            return new DeliveryOutcome(NotificationRecord.Recorded, record.Attempts, "no webhook registered");
        }

        var attempt = record.Attempts + 1;
        var error = await SendAsync(webhook, record.Event, attempt, cancellationToken);
        var now = _clock.GetUtcNow();
        if (error is null)
        {
            await _outbox.UpdateAsync(record with { Status = NotificationRecord.Delivered, Attempts = attempt, DeliveredAt = now, NextAttemptAt = null, LastError = null }, etag, cancellationToken);
            return new DeliveryOutcome(NotificationRecord.Delivered, attempt, webhook.Url.Host);
        }

        if (attempt >= _options.MaxAttempts)
        {
            await _outbox.UpdateAsync(record with { Status = NotificationRecord.Dead, Attempts = attempt, NextAttemptAt = null, LastError = $"gave up after {attempt} attempts: {error}" }, etag, cancellationToken);
            return new DeliveryOutcome(NotificationRecord.Dead, attempt, error);
        }

        var delay = _options.Backoff(attempt);
        if (await _outbox.UpdateAsync(record with { Attempts = attempt, NextAttemptAt = now + delay, LastError = error }, etag, cancellationToken))
            await _outbox.EnqueueAsync(request with { Attempt = attempt + 1 }, delay, cancellationToken);
        return new DeliveryOutcome(NotificationRecord.Pending, attempt, error);
    }

    /// <summary>Null when delivered, else why not.</summary>
    private async Task<string?> SendAsync(WebhookRegistration webhook, NotificationEvent ev, int attempt, CancellationToken cancellationToken)
    {
        var body = ev.ToJson();
        using var message = new HttpRequestMessage(HttpMethod.Post, webhook.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        message.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(webhook.SigningSecrets(_clock.GetUtcNow()), _clock.GetUtcNow(), body));
        message.Headers.Add(WebhookSignature.EventIdHeader, ev.Id);
        message.Headers.Add(WebhookSignature.EventTypeHeader, ev.Type);
        message.Headers.Add(WebhookSignature.AttemptHeader, attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return response.IsSuccessStatusCode ? null : $"the webhook answered {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (HttpRequestException e)
        {
            return $"the webhook could not be reached: {(e.InnerException as WebhookUrlException)?.Message ?? e.Message}";
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"the webhook did not answer within {_options.Timeout.TotalSeconds:0} s";
        }
    }

    public void Dispose() => _http.Dispose();
}
