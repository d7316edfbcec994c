using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Pipeline.Functions.Tests.Notifications;

/// <summary>A partner's webhook endpoint for tests: a real HTTP server on the loopback interface that records every
/// delivery and answers with the status the test scripts (500 for the first N, then 200).</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _failuresLeft;

    public sealed record Delivery(string EventId, string EventType, string Attempt, string? Signature, string Body, int Answered);

    public ConcurrentQueue<Delivery> Deliveries { get; } = new();

    public Uri Url { get; }

    private WebhookReceiver(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>Answer 500 to the next <paramref name="count"/> deliveries.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref _failuresLeft, count);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var port = Pipeline.Dev.LoopbackPorts.Free();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, new Uri($"http://127.0.0.1:{port}/hooks/payouts"));
        app.MapPost("/hooks/payouts", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var status = Interlocked.Decrement(ref receiver._failuresLeft) >= 0 ? 500 : 200;
            receiver.Deliveries.Enqueue(new Delivery(
                context.Request.Headers["X-Payouts-Event-Id"].ToString(), context.Request.Headers["X-Payouts-Event-Type"].ToString(),
                context.Request.Headers["X-Payouts-Delivery-Attempt"].ToString(), context.Request.Headers["X-Payouts-Signature"].ToString(), body, status));
            context.Response.StatusCode = status;
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
