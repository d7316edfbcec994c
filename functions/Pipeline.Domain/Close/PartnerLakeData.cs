using Pipeline.Domain.Deals;
using Pipeline.Domain.Metrics;
using Pipeline.Domain.Partners;

namespace Pipeline.Domain.Close;

/// <summary>One partner's current lake rows (all quarters: a refund or a correction may reach back).</summary>
public sealed record PartnerLakeData(Partner Partner, IReadOnlyList<NormalisedDeal> Deals, IReadOnlyList<MetricReading> Metrics)
{
    public IEnumerable<NormalisedDeal> DealsIn(Quarter quarter) => Deals.Where(d => quarter.Contains(d.CloseDate));

    public IEnumerable<MetricReading> MetricsIn(Quarter quarter) => Metrics.Where(m => quarter.Contains(m.Date));
}
