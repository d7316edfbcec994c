using System.Globalization;
using DurableTask.AzureStorage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pipeline.Functions;
using Pipeline.LocalHost.Durable;
using Pipeline.Azure;

namespace Pipeline.LocalHost;

/// <summary>
/// The function app on this machine: the app's own composition (<see cref="PipelineApp.AddPipeline"/>,
/// the same as under the Functions host), its HTTP functions on Kestrel, and, unless asked not to, everything that
/// triggers them (queues, timers, drop events) and the Durable Task worker. Settings come as the Functions host reads
/// them: host.json, then <c>AzureWebJobsStorage</c> and <c>AzureFunctionsJobHost__...</c> overrides.
/// </summary>
public static class LocalFunctionsHost
{
    public const string PortSetting = "Pipeline:LocalPort";

    public static WebApplication Build(
        string[] args,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<WebApplicationBuilder>? configure = null,
        bool triggers = true)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Insert(0, HostSettings.HostJsonSource(HostSettings.DefaultHostJsonPath));
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls($"http://127.0.0.1:{builder.Configuration[PortSetting] ?? "7071"}");
        // The Durable Task Framework reports every queue poll and lease at Information.
        builder.Logging.AddFilter("DurableTask", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services.AddPipeline(builder.Configuration);
        builder.Services.AddPipelineTelemetry(builder.Configuration);
        builder.Services.AddLocalFunctionsHost(builder.Configuration, triggers);
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapHttpFunctions(app.Services.GetRequiredService<FunctionIndex>(), app.Services.GetRequiredService<HostSettings>().HttpRoutePrefix);
        return app;
    }

    /// <summary>The local host's parts: the function index, settings, the task hub's client and, with
    /// <paramref name="triggers"/>, the trigger loops and the Durable Task worker.</summary>
    public static IServiceCollection AddLocalFunctionsHost(this IServiceCollection services, IConfiguration configuration, bool triggers)
    {
        services.AddSingleton(FunctionIndex.ForApp());
        services.AddSingleton(_ => HostSettings.From(configuration));
        services.AddSingleton<DataConverter>(JsonDataConverter.Default);
        services.AddSingleton(sp => DurableWorker.CreateService(sp.GetRequiredService<StorageAccount>(), sp.GetRequiredService<HostSettings>(), sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<DurableTaskClient>(sp => new LocalDurableTaskClient(sp.GetRequiredService<AzureStorageOrchestrationService>(), sp.GetRequiredService<DataConverter>()));
        services.AddSingleton<DropEvents>();
        services.AddSingleton<LocalTriggers>();
        if (triggers)
        {
            services.AddHostedService(sp => sp.GetRequiredService<LocalTriggers>());
            services.AddHostedService<DurableWorker>();
        }

        return services;
    }

    /// <summary>Runs the host until Ctrl+C or SIGTERM (the <c>Pipeline.LocalHost</c> program and <c>pipeline host</c>).</summary>
    public static async Task<int> RunAsync(string[] args, IReadOnlyDictionary<string, string?>? settings = null, CancellationToken cancellationToken = default)
    {
        await using var app = Build(args, settings);
        await app.Services.GetRequiredService<StorageAccount>().EnsureCreatedAsync(cancellationToken);
        await app.RunAsync(cancellationToken);
        return 0;
    }

    public static string Port(IConfiguration configuration) =>
        configuration[PortSetting] ?? 7071.ToString(CultureInfo.InvariantCulture);
}
