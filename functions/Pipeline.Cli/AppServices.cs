using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Functions;
using Pipeline.Functions.Local;
using Pipeline.Storage;

namespace Pipeline.Cli;

/// <summary>The function app's services, built for a one-shot command (no HTTP server, no background triggers).</summary>
public sealed class AppServices : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AppServices(WebApplication app) => _app = app;

    public IServiceProvider Services => _app.Services;

    public T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    public static async Task<AppServices> CreateAsync(string connectionString, LogLevel minimumLevel = LogLevel.Warning, CancellationToken cancellationToken = default)
    {
        var app = PipelineApp.Build(
            [],
            new Dictionary<string, string?> { [PipelineApp.StorageSetting] = connectionString },
            b => b.Logging.SetMinimumLevel(minimumLevel),
            localTriggers: false);
        await app.Services.GetRequiredService<StorageAccount>().EnsureCreatedAsync(cancellationToken);
        await app.Services.GetRequiredService<Pipeline.Orchestration.Storage.OrchestrationStorage>().EnsureCreatedAsync(cancellationToken);
        return new AppServices(app);
    }

    /// <summary>One pass of what the local trigger host does continuously: announce new drops, then run every
    /// queue-triggered function until no queue has a visible message.</summary>
    public async Task<int> ProcessPendingAsync(CancellationToken cancellationToken = default)
    {
        await Get<Pipeline.Storage.Drops.DropAnnouncer>().ScanAsync(TimeSpan.Zero, TimeSpan.Zero, cancellationToken);
        var pollers = Get<LocalTriggerHost>().Pollers();
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

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
