using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Pipeline.Azure;

public static class AzureServiceCollectionExtensions
{
    /// <summary>The storage account named by <c>AzureWebJobsStorage</c> (<see cref="StorageSettings"/>), the clock, and
    /// the ledgers every feature appends to: the audit of drops and the closed quarters.</summary>
    public static IServiceCollection AddStorageAccount(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(_ => StorageSettings.CreateAccount(configuration));
        services.AddSingleton<AuditLedger>();
        services.AddSingleton<ClosedQuarterLedger>();
        return services;
    }
}
