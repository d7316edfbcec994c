using Pipeline.Domain.Deals;
using Pipeline.Domain.Metrics;
using Pipeline.Domain.Partners;
using Pipeline.Domain.Payouts;
using Pipeline.Domain.Programs;

namespace Pipeline.Domain.Tests.Builders;

/// <summary>
/// Test data for the calculator: fixed dates, 2026Q3 (1 Jul – 30 Sep 2026) as "this quarter", the reference
/// program. Agencies have a base fee of 10,000.00; resellers a target of 100,000.00 and joined in 2024.
/// </summary>
internal static class Inputs
{
    public static readonly Quarter Q3 = Quarter.Parse("2026Q3");
    public static readonly DateOnly InQuarter = new(2026, 8, 14);

    public static Partner Agency(decimal baseFee = 10_000m) =>
        new("AG-1", "Northwind Agency", PartnerType.Agency, baseFee, 0m, new DateOnly(2024, 1, 15));

    public static Partner Reseller(decimal target = 100_000m, DateOnly? joined = null) =>
        new("RS-1", "Contoso Resale", PartnerType.Reseller, 0m, target, joined ?? new DateOnly(2024, 1, 15));

    public static MetricReading Metric(string metric, decimal value, DateOnly? date = null, string partnerId = "AG-1") =>
        new(partnerId, date ?? InQuarter, metric, value);

    /// <summary>The three scorecard metrics with the given quarter values (one reading each).</summary>
    public static List<MetricReading> Scorecard(decimal? engagement, decimal? conversion, decimal? onTime)
    {
        var rows = new List<MetricReading>();
        if (engagement is { } e) rows.Add(Metric(MetricNames.EngagementRate, e));
        if (conversion is { } c) rows.Add(Metric(MetricNames.ConversionRate, c));
        if (onTime is { } o) rows.Add(Metric(MetricNames.OnTimeRate, o));
        return rows;
    }

    public static MetricReading Csat(decimal value) => Metric(MetricNames.Csat, value, partnerId: "RS-1");

    /// <summary>A won USD deal at list price (no discount) unless told otherwise.</summary>
    public static NormalisedDeal Deal(string id, decimal usdNet, decimal? list = null, DealStatus status = DealStatus.Won,
        DateOnly? refunded = null, DateOnly? closed = null, string partnerId = "RS-1") =>
        new(id, partnerId, closed ?? InQuarter, "widget", 1, list ?? usdNet, usdNet, "USD", usdNet, list ?? usdNet, status, refunded);

    public static PayoutInput ForAgency(IReadOnlyList<MetricReading> metrics, params ClosedQuarter[] history) =>
        new() { Partner = Agency(), Quarter = Q3, Metrics = metrics, History = history };

    public static PayoutInput ForReseller(IReadOnlyList<NormalisedDeal> deals, decimal csat = 4.5m, Partner? partner = null) =>
        new() { Partner = partner ?? Reseller(), Quarter = Q3, Deals = deals, Metrics = [Csat(csat)] };

    public static ClosedQuarter Closed(string quarter, string tier, decimal revenue = 0m, decimal effectiveRate = 0m) =>
        new(Quarter.Parse(quarter), tier, revenue, effectiveRate, 0m);

    public static PayoutResult Pay(PayoutInput input) => PayoutCalculator.Calculate(ProgramDefinitions.Reference, input);

    public static decimal Line(this PayoutResult result, string ruleId) =>
        result.Lines.Single(l => l.RuleId == ruleId).Amount;

    public static bool Has(this PayoutResult result, string ruleId) => result.Lines.Any(l => l.RuleId == ruleId);

    public static decimal[] BandAmounts(this PayoutResult result) =>
        [.. result.Lines.Where(l => l.RuleId == RuleIds.Band).Select(l => l.Amount)];
}
