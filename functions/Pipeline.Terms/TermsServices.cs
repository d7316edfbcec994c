using Microsoft.Extensions.DependencyInjection;

namespace Pipeline.Terms;

public static class TermsServiceCollectionExtensions
{
    /// <summary>The terms in force: program versions and the partner registry with its history.</summary>
    public static IServiceCollection AddTerms(this IServiceCollection services)
    {
        services.AddSingleton<ProgramStore>();
        services.AddSingleton<PartnerTermsStore>();
        return services;
    }
}
