namespace Pipeline.Domain.Payouts;

/// <summary>The two kinds of partner the registry knows; each is covered by one plan of a program.</summary>
public enum PartnerKind
{
    Agency,
    Reseller,
}

public enum PartnerStatus
{
    Active,
    Inactive,
}

/// <summary>A partner as the registry (finance's reference data) describes it. Money in USD.</summary>
public sealed record Partner(
    string Id,
    string Name,
    PartnerKind Type,
    decimal BaseFee,
    decimal QuarterlyTarget,
    DateOnly Joined,
    PartnerStatus Status = PartnerStatus.Active);

/// <summary>Names of the metrics partners report (REFERENCE-PROGRAM section 1).</summary>
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
