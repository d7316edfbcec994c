using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pipeline.Functions.Hosting;
using Pipeline.Storage;
using Pipeline.Storage.Drops;

namespace Pipeline.Functions.Local;

/// <summary>
/// Runs when the app is not under the Functions host: fires the timer functions, polls the queues of the
/// queueTrigger functions, and announces new blobs in the drops container as Event Grid would. Everything it
/// triggers goes through the same <see cref="FunctionDispatcher"/> as a host invocation.
/// </summary>
public sealed class LocalTriggerHost(
    FunctionCatalog catalog,
    FunctionDispatcher dispatcher,
    StorageAccount storage,
    DropAnnouncer announcer,
    HostSettings settings,
    IConfiguration configuration,
    Pipeline.Orchestration.Storage.OrchestrationStorage orchestrationStorage,
    TimeProvider clock,
    ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<LocalTriggerHost>();

    public IReadOnlyList<QueuePoller> Pollers() => catalog.Definitions
        .Where(d => d.Trigger == TriggerKind.Queue && !Orchestrations.OrchestrationHosting.IsEngineFunction(d.Name))
        .Select(d => new QueuePoller(d, storage.Queue(d.QueueName!), storage.Queue(d.QueueName + "-poison"), dispatcher, settings, clock,
            loggers.CreateLogger($"{typeof(QueuePoller).FullName}.{d.Name}")))
        .ToList();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await storage.EnsureCreatedAsync(stoppingToken);
        await orchestrationStorage.EnsureCreatedAsync(stoppingToken);
        var pollers = Pollers();
        foreach (var q in pollers.Select(p => p.QueueName).Distinct())
        {
            await storage.Queue(q).CreateIfNotExistsAsync(cancellationToken: stoppingToken);
            await storage.Queue(q + "-poison").CreateIfNotExistsAsync(cancellationToken: stoppingToken);
        }

        var timers = catalog.Definitions.Where(d => d.Trigger == TriggerKind.Timer)
            .Select(d => new TimerRunner(d, dispatcher, configuration, clock, loggers.CreateLogger($"{typeof(TimerRunner).FullName}.{d.Name}")))
            .ToList();
        Logs.LocalHostStarted(_logger, timers.Count, pollers.Count, Names.Drops);
        await Task.WhenAll(
            pollers.Select(p => p.RunAsync(stoppingToken))
                .Concat(timers.Select(t => t.RunAsync(stoppingToken)))
                .Append(WatchDropsAsync(stoppingToken)));
    }

    /// <summary>Event Grid's part: every new blob version in drops becomes one BlobCreated event.</summary>
    private async Task WatchDropsAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var result = await announcer.ScanAsync(TimeSpan.Zero, SweepGrace, cancellationToken);
                foreach (var blob in result.Announced) Logs.DropAnnounced(_logger, blob, "", Names.DropEventsQueue);
                foreach (var blob in result.Reannounced) Logs.DropReannounced(_logger, blob);
                await Task.Delay(settings.DropScanInterval, clock, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Azure.RequestFailedException e)
            {
                Logs.PollerError(_logger, Names.Drops, e.Message);
                await Task.Delay(settings.MaxPollingInterval, clock, CancellationToken.None);
            }
        }
    }

    private static readonly TimeSpan SweepGrace = TimeSpan.FromMinutes(2);
}
