using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Functions.Hosting;
using Pipeline.Orchestration;
using Pipeline.Orchestration.Storage;
using Pipeline.Storage;

namespace Pipeline.Functions.Orchestrations;

/// <summary>A feature's orchestrators and activities (the quarterly close, ...), registered with the engine at startup.</summary>
public interface IOrchestrationModule
{
    void Register(OrchestrationRegistry registry, IServiceProvider services);
}

/// <summary>
/// The engine inside the function app. Its task hub lives in the app's storage account (hub name from
/// <c>Pipeline:TaskHub</c>, default "payouts", which bicep declares too). Under the Functions host the queueTrigger
/// functions <c>OrchestrationControl00..03</c> and <c>OrchestrationWorkItems</c> hand each message to the engine;
/// locally the engine's own worker polls the same queues (it batches one instance's messages into one episode).
/// </summary>
public static class OrchestrationHosting
{
    public const int ControlQueueCount = 4;

    public static IServiceCollection AddPipelineOrchestrations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ => new OrchestrationOptions { HubName = configuration["Pipeline:TaskHub"] ?? "payouts", ControlQueueCount = ControlQueueCount });
        services.AddSingleton(sp =>
        {
            var account = sp.GetRequiredService<StorageAccount>();
            return new OrchestrationStorage(account.Tables, account.Queues, account.Blobs, sp.GetRequiredService<OrchestrationOptions>());
        });
        services.AddSingleton(sp =>
        {
            var registry = new OrchestrationRegistry();
            foreach (var module in sp.GetServices<IOrchestrationModule>()) module.Register(registry, sp);
            return registry;
        });
        services.AddSingleton(sp => new OrchestrationEngine(
            sp.GetRequiredService<OrchestrationRegistry>(), sp.GetRequiredService<OrchestrationStorage>(),
            sp.GetService<ILoggerFactory>(), sp.GetService<TimeProvider>()));
        services.AddSingleton(sp => new OrchestrationClient(sp.GetRequiredService<OrchestrationStorage>(), sp.GetService<TimeProvider>()));

        for (var i = 0; i < ControlQueueCount; i++)
        {
            var name = ControlFunctionName(i);
            services.AddSingleton<IFunction>(sp => new OrchestrationQueueFunction(name, isControl: true, sp.GetRequiredService<OrchestrationEngine>()));
        }

        services.AddSingleton<IFunction>(sp => new OrchestrationQueueFunction(WorkItemsFunctionName, isControl: false, sp.GetRequiredService<OrchestrationEngine>()));
        return services;
    }

    /// <summary>Adds the engine's local polling worker (not under the Functions host).</summary>
    public static IServiceCollection AddLocalOrchestrationWorker(this IServiceCollection services, OrchestrationWorkerOptions? options = null)
    {
        services.AddSingleton(options ?? new OrchestrationWorkerOptions());
        services.AddHostedService(sp => new OrchestrationWorker(
            sp.GetRequiredService<OrchestrationEngine>(), sp.GetRequiredService<OrchestrationWorkerOptions>(), sp.GetService<ILogger<OrchestrationWorker>>()));
        return services;
    }

    public static string ControlFunctionName(int index) => $"OrchestrationControl{index:D2}";
    public const string WorkItemsFunctionName = "OrchestrationWorkItems";

    /// <summary>The engine polls these queues itself locally; the generic local queue poller leaves them alone.</summary>
    public static bool IsEngineFunction(string functionName) => functionName.StartsWith("Orchestration", StringComparison.Ordinal);
}
