using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Orchestration.Storage;

namespace Pipeline.Orchestration;

public static class OrchestrationServiceCollectionExtensions
{
    /// <summary>
    /// Registers the engine (storage, registry, <see cref="OrchestrationEngine"/> handlers, <see cref="OrchestrationClient"/>).
    /// <paramref name="register"/> adds the app's orchestrators and activities. Add <see cref="AddOrchestrationWorker"/>
    /// to also poll the queues in this process (local mode); under the Functions host the queueTrigger functions call
    /// the engine's handlers instead.
    /// </summary>
    public static IServiceCollection AddOrchestrations(
        this IServiceCollection services, string connectionString, Action<OrchestrationRegistry> register, OrchestrationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(register);
        var registry = new OrchestrationRegistry();
        register(registry);
        services.AddSingleton(registry);
        services.AddSingleton(options ?? new OrchestrationOptions());
        services.AddSingleton(sp => new OrchestrationStorage(connectionString, sp.GetRequiredService<OrchestrationOptions>()));
        services.AddSingleton(sp => new OrchestrationEngine(
            sp.GetRequiredService<OrchestrationRegistry>(), sp.GetRequiredService<OrchestrationStorage>(),
            sp.GetService<ILoggerFactory>(), sp.GetService<TimeProvider>()));
        services.AddSingleton(sp => new OrchestrationClient(sp.GetRequiredService<OrchestrationStorage>(), sp.GetService<TimeProvider>()));
        return services;
    }

    /// <summary>Adds the local polling worker as a hosted service.</summary>
    public static IServiceCollection AddOrchestrationWorker(this IServiceCollection services, OrchestrationWorkerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(options ?? new OrchestrationWorkerOptions());
        services.AddHostedService(sp => new OrchestrationWorker(
            sp.GetRequiredService<OrchestrationEngine>(), sp.GetRequiredService<OrchestrationWorkerOptions>(), sp.GetService<ILogger<OrchestrationWorker>>()));
        return services;
    }
}
