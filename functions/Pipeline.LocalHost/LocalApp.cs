using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Pipeline.Dev;
using Pipeline.Functions.Web;
using Microsoft.Extensions.Logging;
using Pipeline.Functions;
using Pipeline.Functions.Close;
using Pipeline.Azure;
using Pipeline.Ingest;

namespace Pipeline.LocalHost;

/// <summary>
/// The function app in this process, on a storage account: what the CLI's commands, the demo and the tests start.
/// <see cref="StartAsync"/> serves HTTP and runs the triggers and the Durable Task worker (orchestrations make progress
/// only while one runs somewhere); <see cref="CreateAsync"/> only builds the services, for one-shot commands.
/// </summary>
public sealed class LocalApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly bool _started;

    private LocalApp(WebApplication app, int port, bool started)
    {
        _app = app;
        _started = started;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public Uri BaseAddress { get; }

    /// <summary><see cref="BaseAddress"/> without the trailing slash, to put paths after.</summary>
    public string BaseUrl => BaseAddress.ToString().TrimEnd('/');

    /// <summary>Short polling for tests and benchmarks, so that they do not wait on the hosts' idle back-off.</summary>
    public static readonly IReadOnlyDictionary<string, string?> FastPolling = new Dictionary<string, string?>
    {
        ["Pipeline:Host:RetryDelay"] = "00:00:00.100",
        ["Pipeline:Host:MaxPollingInterval"] = "00:00:00.200",
        ["Pipeline:Host:DropScanInterval"] = "00:00:00.200",
        ["Pipeline:Host:DurablePollingInterval"] = "00:00:00.200",
    };
    public IServiceProvider Services => _app.Services;
    public StorageAccount Storage => Get<StorageAccount>();

    /// <summary>The close client over this app's task hub.</summary>
    public CloseClient Closes => new(Get<DurableTaskClient>(), Get<Pipeline.Terms.ProgramStore>(), Get<ILoggerFactory>().CreateLogger<CloseClient>());

    public T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    /// <summary>Starts the app: HTTP on <paramref name="port"/> (a free one when 0 or taken) and, with
    /// <paramref name="triggers"/>, the triggers and the Durable Task worker (without them the app only answers HTTP,
    /// like an instance whose triggers another instance serves). <paramref name="webClock"/> pins the web views'
    /// "current quarter" (demo data, screenshots, browser tests) while queues, timers and the engine keep real time.</summary>
    public static Task<LocalApp> StartAsync(
        string connectionString, int port = 0, Action<WebApplicationBuilder>? configure = null,
        IReadOnlyDictionary<string, string?>? settings = null, bool triggers = true, WebClock? webClock = null,
        CancellationToken cancellationToken = default) =>
        OpenAsync(connectionString, LoopbackPorts.PreferOrFree(port), b =>
        {
            if (webClock is not null) b.Services.Replace(ServiceDescriptor.Singleton(webClock));
            configure?.Invoke(b);
        }, settings, start: true, triggers, cancellationToken);

    /// <summary>Signs in with a key as a browser would and returns the session cookie (<c>name=value</c>).</summary>
    public async Task<string> SignInAsync(string key, CancellationToken cancellationToken = default)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false };
        using var http = new HttpClient(handler);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = key });
        using var response = await http.PostAsync(new Uri(BaseAddress, "auth/sign-in"), form, cancellationToken);
        var setCookie = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.First() : throw new InvalidOperationException($"Sign-in failed: {(int)response.StatusCode}");
        return setCookie.Split(';')[0];
    }

    /// <summary>The app's services only: no HTTP, no triggers, no worker.</summary>
    public static Task<LocalApp> CreateAsync(
        string connectionString, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default) =>
        OpenAsync(connectionString, 0, configure, null, start: false, triggers: false, cancellationToken);

    private static async Task<LocalApp> OpenAsync(
        string connectionString, int port, Action<WebApplicationBuilder>? configure, IReadOnlyDictionary<string, string?>? settings, bool start, bool triggers, CancellationToken cancellationToken)
    {
        port = port > 0 ? port : LoopbackPorts.Free();
        var all = new Dictionary<string, string?>
        {
            [StorageSettings.ConnectionName] = connectionString,
            [LocalFunctionsHost.PortSetting] = port.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        var app = LocalFunctionsHost.Build([], all, b =>
        {
            b.Logging.SetMinimumLevel(LogLevel.Warning);
            configure?.Invoke(b);
        }, triggers);
        await app.Services.GetRequiredService<StorageAccount>().EnsureCreatedAsync(cancellationToken);
        if (start) await app.StartAsync(cancellationToken);
        return new LocalApp(app, port, start);
    }

    /// <summary>One pass of what the triggers do continuously: announce new drops, then run every queue function
    /// until no queue has a visible message. Returns the messages processed.</summary>
    public async Task<int> ProcessPendingAsync(CancellationToken cancellationToken = default)
    {
        await Get<DropAnnouncer>().ScanAsync(TimeSpan.Zero, TimeSpan.Zero, cancellationToken);
        var pollers = Get<LocalTriggers>().Pollers();
        var total = 0;
        int pass;
        do
        {
            pass = 0;
            foreach (var poller in pollers) pass += await poller.DrainAsync(cancellationToken);
            total += pass;
        }
        while (pass > 0);

        return total;
    }

    public async ValueTask DisposeAsync()
    {
        if (_started) await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
