using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Pipeline.Functions;
using Pipeline.Functions.Web;
using Pipeline.LocalHost;
using Pipeline.Azure;

namespace Pipeline.LocalHost;

/// <summary>Page-time figures: median and slowest of the measured requests, and the baseline's median.</summary>
public sealed record WebTiming(string Page, double MedianMs, double MaxMs, int Requests);

/// <summary>
/// The function app serving its web views on a port (7071 unless taken): what the demo leaves running and what the
/// screenshot tool drives. <paramref name="webClock"/> pins the views' "current quarter" (the demo data ends in 2026Q3).
/// </summary>
public sealed class WebViews : IAsyncDisposable
{
    private readonly LocalApp _app;

    private WebViews(LocalApp app)
    {
        _app = app;
        BaseUrl = app.BaseAddress.ToString().TrimEnd('/');
    }

    public string BaseUrl { get; }

    public T Get<T>() where T : notnull => _app.Get<T>();

    /// <summary>The close client over the app's task hub.</summary>
    public Pipeline.Functions.Close.CloseClient Closes => _app.Closes;

[SuppressMessage("Reliability", "CA2000:Dispose objects before losing scope", Justification = "The started app belongs to the returned WebViews, which disposes it.")]
    public static async Task<WebViews> StartAsync(string connectionString, int preferredPort = 7071, WebClock? webClock = null, CancellationToken cancellationToken = default)
    {
        var port = preferredPort > 0 && IsFree(preferredPort) ? preferredPort : Pipeline.Dev.LoopbackPorts.Free();
        var app = await LocalApp.StartAsync(connectionString, port, b =>
        {
            if (webClock is not null) b.Services.Replace(ServiceDescriptor.Singleton(webClock));
        }, cancellationToken: cancellationToken);
        return new WebViews(app);
    }

    /// <summary>Signs in with a key as a browser would and returns the session cookie (<c>name=value</c>).</summary>
    public async Task<string> SignInAsync(string key, CancellationToken cancellationToken = default)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false };
        using var http = new HttpClient(handler);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = key });
        using var response = await http.PostAsync($"{BaseUrl}/auth/sign-in", form, cancellationToken);
        var setCookie = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.First() : throw new InvalidOperationException($"Sign-in failed: {(int)response.StatusCode}");
        return setCookie.Split(';')[0];
    }

    /// <summary>
    /// Times full page loads (server side, over loopback) after one warm-up request each. The health endpoint is the
    /// baseline: the same HTTP path doing no work.
    /// </summary>
    public async Task<IReadOnlyList<WebTiming>> MeasureAsync(IReadOnlyList<(string Page, string Path, string? Cookie)> pages, int requests = 20, CancellationToken cancellationToken = default)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false };
        using var http = new HttpClient(handler);
        var results = new List<WebTiming>();
        foreach (var (page, path, cookie) in pages.Prepend(("baseline: /api/health", "/api/health", null)))
        {
            var times = new List<double>();
            for (var i = 0; i <= requests; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, BaseUrl + path);
                if (cookie is not null) request.Headers.Add("Cookie", cookie);
                var watch = Stopwatch.StartNew();
                using var response = await http.SendAsync(request, cancellationToken);
                await response.Content.ReadAsByteArrayAsync(cancellationToken);
                watch.Stop();
                if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}.");
                if (i > 0) times.Add(watch.Elapsed.TotalMilliseconds);
            }

            times.Sort();
            results.Add(new WebTiming(page, times[times.Count / 2], times[^1], times.Count));
        }

        return results;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
