using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Functions.Access;
using Pipeline.Functions.Close;
using Pipeline.Functions.Hosting;
using Pipeline.Functions.Web;
using Pipeline.Functions.Notifications;
using Pipeline.Azure;
using Pipeline.Access;
using Pipeline.Ingest;
using Pipeline.Terms;
using Pipeline.Notifications;

namespace Pipeline.Functions;

/// <summary>How the function app's services are put together: one composition for the isolated worker in Azure
/// (<c>Program</c>), the local host, the CLI and the tests.</summary>
public static class PipelineApp
{
    

    public static IServiceCollection AddPipelineFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => StorageSettings.CreateAccount(configuration));
        services.AddSingleton<AuditLedger>();
        services.AddSingleton<ReferenceDataStore>();
        services.AddSingleton<Pipeline.Terms.ProgramStore>();
        services.AddSingleton<PartnerTermsStore>();
        services.AddSingleton<Pipeline.Inquiries.InquiryStore>();
        services.AddSingleton<Inquiries.InquiryDesk>();
        services.AddSingleton(sp => new DropIngestion(sp.GetRequiredService<StorageAccount>(), sp.GetRequiredService<ReferenceDataStore>()));
        services.AddSingleton<DropReceiver>();
        services.AddSingleton<DropAnnouncer>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton(sp => BlobSasSigners.For(sp.GetRequiredService<StorageAccount>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<UploadQuota>();
        services.AddSingleton<PartnerFiles>();
        services.AddSingleton<AccessControl>();
        services.AddNotifications(configuration);
        services.AddQuarterlyClose();
        services.AddWebViews();
        return services;
    }
}
