using System.Globalization;
using Pipeline.Domain.Payouts;

namespace Pipeline.Domain.Statements;

/// <summary>Rule, metric and plan ids in words a partner reads. A program's own bonus ids (data, not code) are humanized.</summary>
public static class RuleLabels
{
    private static readonly Dictionary<string, string> Known = new(StringComparer.Ordinal)
    {
        [RuleIds.Base] = "Base fee",
        [RuleIds.PerformanceBonus] = "Performance bonus",
        [RuleIds.SustainedPerformance] = "Sustained performance",
        [RuleIds.Responsiveness] = "Responsiveness bonus",
        [RuleIds.Band] = "Revenue band",
        [RuleIds.ErodedDeals] = "Eroded deals",
        [RuleIds.Clawback] = "Clawback",
        [RuleIds.PriorPeriodAdjustment] = "Prior-period adjustment",
        [RuleIds.FinanceAdjustment] = "Finance adjustment",
    };

    private static readonly Dictionary<string, string> Metrics = new(StringComparer.Ordinal)
    {
        ["csat"] = "CSAT (mean)",
        ["response_hours"] = "Response time (mean)",
        ["revenue"] = "Qualifying revenue R",
    };

    /// <summary>A scorecard measure in words: "on_time_rate" → "On time rate", "csat" → "CSAT (mean)".</summary>
    public static string ForMetric(string metric) => Metrics.TryGetValue(metric, out var label) ? label : Humanize(metric);

    /// <summary>Lines that correct money rather than earn it this quarter; the statement shows them apart.</summary>
    public static bool IsAdjustment(string ruleId) =>
        ruleId is RuleIds.Clawback or RuleIds.PriorPeriodAdjustment or RuleIds.FinanceAdjustment;

    public static string For(string ruleId) => Known.TryGetValue(ruleId, out var label) ? label : Humanize(ruleId);

    /// <summary>"performance-partnership" → "Performance partnership"; "on_time_rate" → "On time rate".</summary>
    public static string Humanize(string id)
    {
        if (string.IsNullOrWhiteSpace(id)) return id;
        var words = id.Replace('-', ' ').Replace('_', ' ').Trim();
        return char.ToUpper(words[0], CultureInfo.InvariantCulture) + words[1..];
    }
}
