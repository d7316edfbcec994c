using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pipeline.Azure;

namespace Pipeline.LocalHost;

/// <summary>Fires the timer functions, polls the queues of the queue functions, and announces new drops: the parts of
/// the Functions host and Event Grid that trigger the app. Each function runs exactly as under the Functions host.</summary>
public sealed class LocalTriggers(
    FunctionIndex index,
    IServiceProvider services,
    StorageAccount storage,
    DropEvents drops,
    HostSettings settings,
    IConfiguration configuration,
    TimeProvider clock,
    ILoggerFactory loggers) : BackgroundService
{
    public IReadOnlyList<QueueTriggerPoller> Pollers() => [.. index.Of(TriggerKind.Queue).Select(f => new QueueTriggerPoller(
        f, storage.Queue(f.Queue.QueueName), storage.Queue(f.Queue.QueueName + "-poison"), services, settings, clock,
        loggers.CreateLogger($"{typeof(QueueTriggerPoller).FullName}.{f.Name}")))];

    public IReadOnlyList<TimerTriggerRunner> Timers() => [.. index.Of(TriggerKind.Timer).Select(f => new TimerTriggerRunner(
        f, storage.Container(TimerTriggerRunner.HostsContainer), services, configuration, clock,
        loggers.CreateLogger($"{typeof(TimerTriggerRunner).FullName}.{f.Name}")))];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await storage.EnsureCreatedAsync(stoppingToken);
        var pollers = Pollers();
        foreach (var q in pollers.Select(p => p.QueueName).Distinct())
        {
            await storage.Queue(q).CreateIfNotExistsAsync(cancellationToken: stoppingToken);
            await storage.Queue(q + "-poison").CreateIfNotExistsAsync(cancellationToken: stoppingToken);
        }

        var timers = Timers();
        Logs.Started(loggers.CreateLogger<LocalTriggers>(), index.Of(TriggerKind.Http).Count(), pollers.Count, timers.Count, Names.Drops);
        await Task.WhenAll(
            pollers.Select(p => p.RunAsync(stoppingToken))
                .Concat(timers.Select(t => t.RunAsync(stoppingToken)))
                .Append(drops.RunAsync(stoppingToken)));
    }
}
