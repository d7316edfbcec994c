using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pipeline.Azure;

namespace Pipeline.LocalHost.Durable;

/// <summary>
/// The app's orchestrations and activities on the Durable Task Framework: a <see cref="TaskHubWorker"/> over
/// <see cref="AzureStorageOrchestrationService"/>, the provider Durable Functions runs on in Azure, with the same task
/// hub layout (control queues, work-item queue, History and Instances tables, large-message blobs, partition leases).
/// Orchestrator and activity functions are found by their triggers and wrapped by the public Durable Task shims, the
/// way the isolated worker runs them.
/// </summary>
public sealed class DurableWorker(
    AzureStorageOrchestrationService service, FunctionIndex index, HostSettings settings, IServiceProvider services, ILoggerFactory loggers) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private TaskHubWorker? _worker;

    /// <summary>The provider's settings from the host's: hub name, partitions, polling, leases, concurrency.</summary>
    public static AzureStorageOrchestrationService CreateService(StorageAccount storage, HostSettings settings, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(settings);
        var provider = storage.ConnectionString is { } connection
            ? new StorageAccountClientProvider(connection)
            : new StorageAccountClientProvider(storage.Blobs.Uri, storage.Queues.Uri, storage.Tables.Uri, storage.Credential!);
        return new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = settings.HubName,
            PartitionCount = settings.PartitionCount,
            StorageAccountClientProvider = provider,
            MaxQueuePollingInterval = settings.DurablePollingInterval,
            ExtendedSessionsEnabled = settings.ExtendedSessions,
            WorkerId = settings.WorkerId,
            LeaseInterval = settings.LeaseInterval,
            LeaseRenewInterval = settings.LeaseInterval / 3,
            LeaseAcquireInterval = settings.LeaseInterval / 3,
            ControlQueueVisibilityTimeout = settings.ControlQueueVisibility,
            WorkItemQueueVisibilityTimeout = settings.WorkItemQueueVisibility,
            MaxConcurrentTaskActivityWorkItems = settings.MaxConcurrentActivities,
            MaxConcurrentTaskOrchestrationWorkItems = settings.MaxConcurrentOrchestrations,
            // Azurite, one Node.js process shared with the work, answered partition-table calls in over 2 s (the
            // default bound) three times during a 10,000-partner close; the bound only has to catch a stuck call.
            PartitionTableOperationTimeout = TimeSpan.FromSeconds(10),
            LoggerFactory = loggers,
        });
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await service.CreateIfNotExistsAsync();
        var shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions(), loggers);
        var worker = new TaskHubWorker(service, loggers) { ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails };
        foreach (var entry in index.Of(TriggerKind.Orchestration))
        {
            var orchestrator = new FunctionOrchestrator(entry, services);
            worker.AddTaskOrchestrations(new NamedCreator<TaskOrchestration>(entry.Name, () => shims.CreateOrchestration(entry.Name, orchestrator, parent: null)));
        }

        foreach (var entry in index.Of(TriggerKind.Activity))
        {
            var activity = new FunctionActivity(entry, services, _stopping.Token);
            worker.AddTaskActivities(new NamedCreator<TaskActivity>(entry.Name, () => shims.CreateActivity(entry.Name, activity)));
        }

        await worker.StartAsync();
        _worker = worker;
        Logs.DurableWorkerStarted(loggers.CreateLogger<DurableWorker>(), settings.HubName, settings.PartitionCount, settings.WorkerId,
            index.Of(TriggerKind.Orchestration).Count(), index.Of(TriggerKind.Activity).Count());
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // Work in flight may finish and partition leases are released, for as long as the host's shutdown allows;
        // what is still running then is left to its queue's visibility timeout, as after a crash (activities are idempotent).
        if (_worker is not null)
        {
            var stop = _worker.StopAsync(isForced: false);
            await Task.WhenAny(stop, Task.Delay(Timeout.Infinite, cancellationToken)).ContinueWith(_ => { }, TaskScheduler.Default);
            await _stopping.CancelAsync();
            if (!stop.IsCompleted) await _worker.StopAsync(isForced: true);
            _worker.Dispose();
        }

        _worker = null;
    }

    public void Dispose()
    {
        _worker?.Dispose();
        _worker = null;
        _stopping.Dispose();
    }

    /// <summary>An orchestrator function: its method takes the <see cref="TaskOrchestrationContext"/> and its input.</summary>
    private sealed class FunctionOrchestrator(FunctionEntry entry, IServiceProvider services) : ITaskOrchestrator
    {
        public Type InputType => entry.PayloadType(output: false);
        public Type OutputType => entry.PayloadType(output: true);

        public Task<object?> RunAsync(TaskOrchestrationContext context, object? input) => entry.InvokeAsync(services, context, CancellationToken.None, input: input);
    }

    /// <summary>An activity function: its <c>[ActivityTrigger]</c> parameter takes the input.</summary>
    private sealed class FunctionActivity(FunctionEntry entry, IServiceProvider services, CancellationToken stopping) : ITaskActivity
    {
        public Type InputType => entry.PayloadType(output: false);
        public Type OutputType => entry.PayloadType(output: true);

        public Task<object?> RunAsync(TaskActivityContext context, object? input) => entry.InvokeAsync(services, input, stopping);
    }
}

/// <summary>Hands the Durable Task Framework a new orchestration or activity object per work item (the shims keep
/// per-execution state), under the function's name and no version.</summary>
public sealed class NamedCreator<T> : ObjectCreator<T>
{
    private readonly Func<T> _create;

    public NamedCreator(string name, Func<T> create)
    {
        Name = name;
        Version = "";
        _create = create;
    }

    public override T Create() => _create();
}
