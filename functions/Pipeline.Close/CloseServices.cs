using Microsoft.Extensions.DependencyInjection;

namespace Pipeline.Close;

public static class CloseServiceCollectionExtensions
{
    /// <summary>What the close's activities and the scorecard's projection work with: the lake as of a quarter, the
    /// close's working files, finance's decisions, the publisher of the close's lake tables, the frozen inputs.</summary>
    public static IServiceCollection AddCloseInputs(this IServiceCollection services)
    {
        services.AddSingleton<LakeStateReader>();
        services.AddSingleton<CloseBlobStore>();
        services.AddSingleton<DecisionStore>();
        services.AddSingleton<CloseLakePublisher>();
        services.AddSingleton<CloseInputs>();
        services.AddSingleton<QuarterProjection>();
        return services;
    }
}
