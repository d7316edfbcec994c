namespace Pipeline.Domain.Metrics;

/// <summary>
/// One metric row a partner reported, normalised: rates are fractions 0–1 (a "25%" in a drop arrives as 0.25),
/// csat is 1–5, response_hours is hours.
/// </summary>
public sealed record MetricReading(string PartnerId, DateOnly Date, string Metric, decimal Value);

/// <summary>Names of the metrics partners report.</summary>
public static class MetricNames
{
    public const string EngagementRate = "engagement_rate";
    public const string ConversionRate = "conversion_rate";
    public const string OnTimeRate = "on_time_rate";
    public const string Csat = "csat";
    public const string ResponseHours = "response_hours";

    public static IReadOnlyList<string> All { get; } = [EngagementRate, ConversionRate, OnTimeRate, Csat, ResponseHours];

    /// <summary>Rates are fractions from 0 to 1; the others have their own scales.</summary>
    public static bool IsRate(string metric) => metric is EngagementRate or ConversionRate or OnTimeRate;
}
