using Pipeline.Domain.Metrics;

namespace Pipeline.Domain.Payouts;

/// <summary>The quarter value of each metric: the mean of the rows dated in the quarter, 4 dp (docs/program.md, "Agencies").</summary>
internal sealed class QuarterMetrics
{
    private readonly Dictionary<string, decimal> means;

    public QuarterMetrics(IEnumerable<MetricReading> readings, Quarter quarter) =>
        means = readings
            .Where(r => quarter.Contains(r.Date))
            .GroupBy(r => r.Metric, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Money.Ratio(g.Sum(r => r.Value) / g.Count()), StringComparer.Ordinal);

    /// <summary>The quarter mean, or null when the partner reported no row of this metric in the quarter.</summary>
    public decimal? Mean(string metric) => means.TryGetValue(metric, out var mean) ? mean : null;
}
