using Microsoft.Extensions.DependencyInjection;

namespace Pipeline.Inquiries;

public static class InquiryServiceCollectionExtensions
{
    /// <summary>The store of partners' inquiries, their threads and evidence.</summary>
    public static IServiceCollection AddInquiries(this IServiceCollection services)
    {
        services.AddSingleton<InquiryStore>();
        return services;
    }
}
