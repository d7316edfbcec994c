using Microsoft.Extensions.DependencyInjection;
using Pipeline.Functions.Orchestrations;
using Pipeline.Orchestration;
using Pipeline.Storage.Close;

namespace Pipeline.Functions.Close;

/// <summary>The quarterly close's orchestrator and activities.</summary>
public sealed class CloseModule : IOrchestrationModule
{
    public const string Freeze = "Close.Freeze";
    public const string ComputeBatch = "Close.ComputeBatch";
    public const string Anomalies = "Close.Anomalies";
    public const string RecordDecision = "Close.RecordDecision";
    public const string Notify = "Close.Notify";
    public const string Statements = "Close.Statements";
    public const string Publish = "Close.Publish";
    public const string Record = "Close.Record";

    public void Register(OrchestrationRegistry registry, IServiceProvider services)
    {
        var compute = services.GetRequiredService<CloseComputeActivities>();
        var output = services.GetRequiredService<CloseOutputActivities>();
        registry.AddOrchestrator(CloseOrchestrator.Name, CloseOrchestrator.RunAsync);
        registry.AddActivity<string, FreezeResult>(Freeze, (_, q, ct) => compute.FreezeAsync(q!, ct));
        registry.AddActivity<BatchRequest, BatchSummary>(ComputeBatch, (_, r, ct) => compute.ComputeBatchAsync(r!, ct));
        registry.AddActivity<OutputRequest, AnomalySummary>(Anomalies, (_, r, ct) => compute.AnomaliesAsync(r!, ct));
        registry.AddActivity<DecisionRequest, Domain.Close.CloseDecision>(RecordDecision, (_, r, ct) => output.RecordDecisionAsync(r!, ct));
        registry.AddActivity<NotificationRequest, bool>(Notify, (_, r, ct) => output.NotifyAsync(r!, ct));
        registry.AddActivity<BatchRequest, int>(Statements, (_, r, ct) => output.StatementsAsync(r!, ct));
        registry.AddActivity<OutputRequest, int>(Publish, (_, r, ct) => output.PublishAsync(r!, ct));
        registry.AddActivity<OutputRequest, CloseOutcome>(Record, (_, r, ct) => output.RecordAsync(r!, ct));
    }
}

public static class CloseServiceCollectionExtensions
{
    /// <summary>The close's adapters, activities, client and orchestration module.</summary>
    public static IServiceCollection AddQuarterlyClose(this IServiceCollection services)
    {
        services.AddSingleton<LakeStateReader>();
        services.AddSingleton<CloseBlobStore>();
        services.AddSingleton<ClosedQuarterLedger>();
        services.AddSingleton<DecisionStore>();
        services.AddSingleton<CloseLakePublisher>();
        services.AddSingleton<CloseInputs>();
        services.AddSingleton<CloseComputeActivities>();
        services.AddSingleton<CloseOutputActivities>();
        services.AddSingleton<CloseClient>();
        services.AddSingleton<QuarterProjection>();
        services.AddSingleton<IOrchestrationModule, CloseModule>();
        services.AddSingleton<Hosting.IFunction, CloseQuarterTimerFunction>();
        services.AddSingleton<Hosting.IFunction, CloseStartFunction>();
        services.AddSingleton<Hosting.IFunction, CloseStatusFunction>();
        services.AddSingleton<Hosting.IFunction, CloseDecideFunction>();
        services.AddSingleton<Hosting.IFunction, CloseApproveFunction>();
        return services;
    }
}
