using Microsoft.Extensions.DependencyInjection;
using Pipeline.Access;

namespace Pipeline.Functions.Web;

public static class WebServiceCollectionExtensions
{
    /// <summary>The web views: partner scorecard, finance console, sign-in, and their assets.</summary>
    public static IServiceCollection AddWebViews(this IServiceCollection services)
    {
        services.AddSingleton(sp => new WebClock(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<WebSessions>();
        services.AddSingleton<WebAccess>();
        services.AddSingleton<ScorecardService>();
        services.AddSingleton<FinanceService>();
        return services;
    }
}
