using Pipeline.Domain.Metrics;

namespace Pipeline.Domain.Ingest;

/// <summary>The metrics the programs measure.</summary>
public enum MetricKind
{
    EngagementRate,
    ConversionRate,
    OnTimeRate,
    Csat,
    ResponseHours,
}

public static class MetricKinds
{
    /// <summary>The name as files and the lake write it (snake_case).</summary>
    public static string Name(this MetricKind kind) => kind switch
    {
        MetricKind.EngagementRate => MetricNames.EngagementRate,
        MetricKind.ConversionRate => MetricNames.ConversionRate,
        MetricKind.OnTimeRate => MetricNames.OnTimeRate,
        MetricKind.Csat => MetricNames.Csat,
        _ => MetricNames.ResponseHours,
    };

    public static bool IsRate(this MetricKind kind) =>
        kind is MetricKind.EngagementRate or MetricKind.ConversionRate or MetricKind.OnTimeRate;

    public static IReadOnlyList<MetricKind> All { get; } = Enum.GetValues<MetricKind>();

    public static bool TryParse(string? text, out MetricKind kind)
    {
        var key = text is null ? "" : HeaderBinding.Key(text);
        foreach (var k in All)
        {
            if (HeaderBinding.Key(k.Name()) == key) { kind = k; return true; }
        }
        kind = default;
        return false;
    }
}

/// <summary>
/// An accepted metric observation. Rates are fractions (25% → 0.25); values keep 6 decimal places
/// (<see cref="MetricNormaliser.Scale"/>), enough for a percentage with four decimals.
/// </summary>
public sealed record MetricRow(string PartnerId, DateOnly Date, MetricKind Metric, decimal Value)
{
    public Quarter Quarter => Quarter.Of(Date);
}
