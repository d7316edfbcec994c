using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Pipeline.Functions;
using Pipeline.Functions.Hosting;
using Pipeline.Functions.Local;
using Pipeline.Storage;

namespace Pipeline.Functions.Tests;

/// <summary>The real function app on a free loopback port, against a test storage account.</summary>
public sealed class TestApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestApp(WebApplication app, int port)
    {
        _app = app;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public Uri BaseAddress { get; }
    public IServiceProvider Services => _app.Services;
    public StorageAccount Storage => _app.Services.GetRequiredService<StorageAccount>();

    /// <summary>
    /// Starts the app. <paramref name="underFunctionsHost"/>: FUNCTIONS_CUSTOMHANDLER_PORT is set and no local
    /// triggers run, as in Azure; otherwise the local trigger host runs with fast test settings.
    /// </summary>
    public static async Task<TestApp> StartAsync(
        string connectionString,
        bool underFunctionsHost,
        Action<IServiceCollection>? services = null,
        string? bindingsDirectory = null)
    {
        var port = Pipeline.Storage.Local.LoopbackPorts.Free();
        var settings = new Dictionary<string, string?>
        {
            [PipelineApp.StorageSetting] = connectionString,
            [underFunctionsHost ? PipelineApp.CustomHandlerPortSetting : "Pipeline:LocalPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (bindingsDirectory is not null) settings["Pipeline:BindingsDirectory"] = bindingsDirectory;
        var app = PipelineApp.Build([], settings, b =>
        {
            b.Logging.SetMinimumLevel(LogLevel.Warning);
            b.Services.Replace(ServiceDescriptor.Singleton(HostSettings.FromHostJson(HostSettings.DefaultHostJsonPath) with
            {
                RetryDelay = TimeSpan.FromMilliseconds(100),
                MaxPollingInterval = TimeSpan.FromMilliseconds(200),
                DropScanInterval = TimeSpan.FromMilliseconds(200),
            }));
            services?.Invoke(b.Services);
        }, localTriggers: !underFunctionsHost);
        await app.Services.GetRequiredService<StorageAccount>().EnsureCreatedAsync();
        await app.Services.GetRequiredService<Pipeline.Orchestration.Storage.OrchestrationStorage>().EnsureCreatedAsync();
        await app.StartAsync();
        return new TestApp(app, port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Polls a condition until it holds or the time is up (integration tests wait for real queues).</summary>
public static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var value = await probe();
            if (done(value) || DateTime.UtcNow > deadline) return value;
            await Task.Delay(100);
        }
    }
}
