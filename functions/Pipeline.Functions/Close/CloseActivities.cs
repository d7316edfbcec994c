using Microsoft.Extensions.DependencyInjection;
using Pipeline.Close;
using Pipeline.Azure;

namespace Pipeline.Functions.Close;

/// <summary>The names of the close's activity functions (<see cref="CloseComputeActivities"/>, <see cref="CloseOutputActivities"/>).</summary>
public static class CloseActivities
{
    public const string PendingDrops = "ClosePendingDrops";
    public const string Freeze = "CloseFreeze";
    public const string ComputeBatch = "CloseComputeBatch";
    public const string Anomalies = "CloseAnomalies";
    public const string Decisions = "CloseDecisions";
    public const string RecordDecision = "CloseRecordDecision";
    public const string Notify = "CloseNotify";
    public const string Statements = "CloseStatements";
    public const string Publish = "ClosePublish";
    public const string Record = "CloseRecord";
}

public static class CloseActivityServiceCollectionExtensions
{
    /// <summary>The close's activities (the orchestrator is static).</summary>
    public static IServiceCollection AddQuarterlyClose(this IServiceCollection services)
    {
        services.AddSingleton<CloseComputeActivities>();
        services.AddSingleton<CloseOutputActivities>();
        return services;
    }
}
