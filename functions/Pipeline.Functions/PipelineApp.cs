using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Access;
using Pipeline.Azure;
using Pipeline.Close;
using Pipeline.Functions.Access;
using Pipeline.Functions.Close;
using Pipeline.Functions.Inquiries;
using Pipeline.Functions.Web;
using Pipeline.Ingest;
using Pipeline.Inquiries;
using Pipeline.Notifications;
using Pipeline.Terms;

namespace Pipeline.Functions;

/// <summary>How the function app's services are put together: one composition for the isolated worker in Azure
/// (<c>Program</c>), the local host, the CLI and the tests. Each feature registers its own services; settings are
/// bound to options and validated at start-up (<see cref="NotificationOptions"/>, <see cref="StorageSettings"/>).</summary>
public static class PipelineApp
{
    public static IServiceCollection AddPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddStorageAccount(configuration);
        services.AddTerms();
        services.AddIngest();
        services.AddAccess();
        services.AddNotifications(configuration);
        services.AddInquiries();
        services.AddCloseInputs();

        // The app's own: the key check of every route, the inquiry desk, the close's activities and the web views.
        services.AddSingleton<AccessControl>();
        services.AddSingleton<InquiryDesk>();
        services.AddQuarterlyClose();
        services.AddWebViews();
        return services;
    }
}
