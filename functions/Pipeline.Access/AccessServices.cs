using Microsoft.Extensions.DependencyInjection;
using Pipeline.Azure;

namespace Pipeline.Access;

public static class AccessServiceCollectionExtensions
{
    /// <summary>API keys, upload links and their quota, a partner's files, and the web sessions' signing key and
    /// sign-outs.</summary>
    public static IServiceCollection AddAccess(this IServiceCollection services)
    {
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton(sp => BlobSasSigners.For(sp.GetRequiredService<StorageAccount>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<UploadQuota>();
        services.AddSingleton<PartnerFiles>();
        services.AddSingleton<SessionSigningKey>();
        services.AddSingleton<EndedSessions>();
        return services;
    }
}
