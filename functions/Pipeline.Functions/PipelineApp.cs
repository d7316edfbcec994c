using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Functions.Access;
using Pipeline.Functions.Close;
using Pipeline.Functions.Drops;
using Pipeline.Functions.Hosting;
using Pipeline.Functions.Local;
using Pipeline.Functions.Orchestrations;
using Pipeline.Functions.Web;
using Pipeline.Storage;
using Pipeline.Storage.Access;
using Pipeline.Storage.Audit;
using Pipeline.Storage.Drops;
using Pipeline.Storage.Ingest;

namespace Pipeline.Functions;

/// <summary>How the function app is put together, shared by <c>Program</c>, the CLI's <c>host</c> verb and the tests.</summary>
public static class PipelineApp
{
    public const string StorageSetting = "AzureWebJobsStorage";
    public const string CustomHandlerPortSetting = "FUNCTIONS_CUSTOMHANDLER_PORT";

    /// <summary>Builds the app. Under the Functions host (FUNCTIONS_CUSTOMHANDLER_PORT set) it only answers
    /// invocations; otherwise, or when <paramref name="localTriggers"/> is true, it also triggers itself.
    /// <paramref name="settings"/> override configuration (storage, ports) before anything reads it.</summary>
    public static WebApplication Build(
        string[] args,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<WebApplicationBuilder>? configure = null,
        bool? localTriggers = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        var port = builder.Configuration[CustomHandlerPortSetting];
        var underHost = !string.IsNullOrEmpty(port);
        builder.WebHost.UseUrls($"http://127.0.0.1:{(underHost ? port : builder.Configuration["Pipeline:LocalPort"] ?? "7071")}");
        builder.Services.AddPipelineFunctions(builder.Configuration);
        if (localTriggers ?? !underHost)
        {
            builder.Services.AddHostedService<LocalTriggerHost>();
            // Pipeline:Engine:VisibilityTimeout: how long a message taken by a (possibly killed) worker stays hidden.
            var visibility = builder.Configuration.GetValue<TimeSpan?>("Pipeline:Engine:VisibilityTimeout");
            builder.Services.AddLocalOrchestrationWorker(visibility is { } v ? new Pipeline.Orchestration.OrchestrationWorkerOptions { VisibilityTimeout = v } : null);
        }
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapFunctionEndpoints();
        app.MapHttpTriggerRoutes(app.Services.GetRequiredService<HostSettings>().HttpRoutePrefix);
        return app;
    }

    public static IServiceCollection AddPipelineFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => StorageSettings.CreateAccount(configuration));
        services.AddSingleton(_ => new FunctionCatalog(FunctionDefinition.LoadAll(configuration["Pipeline:BindingsDirectory"] ?? FunctionDefinition.DefaultDirectory)));
        services.AddSingleton(_ => HostSettings.FromHostJson(HostSettings.DefaultHostJsonPath).WithOverrides(configuration.GetSection("Pipeline:Host")));
        services.AddSingleton<FunctionDispatcher>();
        services.AddSingleton<LocalTriggerHost>();
        services.AddSingleton<AuditLedger>();
        services.AddSingleton<ReferenceDataStore>();
        services.AddSingleton(sp => new DropIngestion(sp.GetRequiredService<StorageAccount>(), sp.GetRequiredService<ReferenceDataStore>()));
        services.AddSingleton<DropReceiver>();
        services.AddSingleton<DropAnnouncer>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton(sp => BlobSasSigners.For(sp.GetRequiredService<StorageAccount>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<PartnerFiles>();
        services.AddSingleton<AccessControl>();

        services.AddSingleton<IFunction, ReceiveDropFunction>();
        services.AddSingleton<IFunction, SweepDropsFunction>();
        services.AddSingleton<IFunction, HealthFunction>();
        services.AddSingleton<IFunction, PartnerUploadFunction>();
        services.AddSingleton<IFunction, PartnerStatementsFunction>();
        services.AddSingleton<IFunction, PartnerFeedbackFunction>();
        services.AddSingleton<IFunction, FinanceDropsFunction>();
        services.AddQuarterlyClose();
        services.AddWebViews();
        services.AddPipelineOrchestrations(configuration);
        return services;
    }
}
