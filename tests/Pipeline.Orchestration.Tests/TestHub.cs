using Microsoft.Extensions.Logging;
using Pipeline.Orchestration.Storage;
using Pipeline.Testing;

namespace Pipeline.Orchestration.Tests;

/// <summary>An engine on its own Azurite account with a running local worker (fast polling), and a client.</summary>
internal sealed class TestHub : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private OrchestrationWorker? _worker;

    private TestHub(OrchestrationStorage storage, OrchestrationRegistry registry, Func<EpisodeTrace, CancellationToken, Task>? observer, ILoggerProvider? logs)
    {
        Storage = storage;
        Registry = registry;
        Engine = new OrchestrationEngine(registry, storage, LoggerFactory.Create(b =>
        {
            if (logs is not null) b.AddProvider(logs);
        }), episodeObserver: observer);
        Client = new OrchestrationClient(storage) { PollInterval = TimeSpan.FromMilliseconds(50) };
    }

    public OrchestrationStorage Storage { get; }
    public OrchestrationRegistry Registry { get; }
    public OrchestrationEngine Engine { get; }
    public OrchestrationClient Client { get; }

    public static OrchestrationOptions FastOptions { get; } = new()
    {
        HubName = "testhub", ControlQueueCount = 2, WaitDelay = TimeSpan.FromMilliseconds(100), ConflictDelay = TimeSpan.FromMilliseconds(50),
    };

    public static OrchestrationWorkerOptions FastWorker { get; } = new()
    {
        MinPollInterval = TimeSpan.FromMilliseconds(20), MaxPollInterval = TimeSpan.FromMilliseconds(200),
        RetryDelay = TimeSpan.FromMilliseconds(100), VisibilityTimeout = TimeSpan.FromSeconds(10),
    };

    /// <summary>Creates the hub on a fresh account; the worker starts unless <paramref name="startWorker"/> is false.</summary>
    public static async Task<TestHub> StartAsync(
        AzuriteFixture azurite, Action<OrchestrationRegistry> register, OrchestrationOptions? options = null, bool startWorker = true,
        Func<EpisodeTrace, CancellationToken, Task>? observer = null, ILoggerProvider? logs = null)
    {
        var registry = new OrchestrationRegistry();
        register(registry);
        var storage = new OrchestrationStorage(azurite.NewConnectionString(), options ?? FastOptions);
        await storage.EnsureCreatedAsync();
        var hub = new TestHub(storage, registry, observer, logs);
        if (startWorker) await hub.StartWorkerAsync();
        return hub;
    }

    public async Task StartWorkerAsync()
    {
        _worker = new OrchestrationWorker(Engine, FastWorker);
        await _worker.StartAsync(_stop.Token);
    }

    public async Task<OrchestrationStatus> RunAsync(string name, string instanceId, object? input = null, int timeoutSeconds = 60)
    {
        await Client.ScheduleNewAsync(name, instanceId, input);
        return await WaitAsync(instanceId, timeoutSeconds);
    }

    public async Task<OrchestrationStatus> WaitAsync(string instanceId, int timeoutSeconds = 60)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        return await Client.WaitForCompletionAsync(instanceId, timeout.Token);
    }

    /// <summary>Polls until the instance's status satisfies <paramref name="condition"/>.</summary>
    public async Task<OrchestrationStatus> WaitUntilAsync(string instanceId, Func<OrchestrationStatus, bool> condition, int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var status = await Client.GetStatusAsync(instanceId);
            if (status is not null && condition(status)) return status;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Instance {instanceId} did not reach the expected state; last: {status?.RuntimeStatus} {status?.CustomStatus}");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_worker is not null)
        {
            await _stop.CancelAsync();
            await _worker.StopAsync(CancellationToken.None);
            _worker.Dispose();
        }

        _stop.Dispose();
    }
}
