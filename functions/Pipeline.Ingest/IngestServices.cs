using Microsoft.Extensions.DependencyInjection;
using Pipeline.Azure;

namespace Pipeline.Ingest;

public static class IngestServiceCollectionExtensions
{
    /// <summary>From a landed drop to the lake: the reference data it is checked against, the receiver that runs one
    /// drop end to end, and the announcer that finds drops no event announced.</summary>
    public static IServiceCollection AddIngest(this IServiceCollection services)
    {
        services.AddSingleton<ReferenceDataStore>();
        services.AddSingleton(sp => new DropIngestion(sp.GetRequiredService<StorageAccount>(), sp.GetRequiredService<ReferenceDataStore>()));
        services.AddSingleton<DropReceiver>();
        services.AddSingleton<DropAnnouncer>();
        return services;
    }
}
