using System.Globalization;

namespace Pipeline.Domain.Statements;

/// <summary>Rule and plan ids in words a partner reads (REFERENCE-PROGRAM section 2 lists the rule ids).</summary>
public static class RuleLabels
{
    public const string Clawback = "clawback";
    public const string PriorPeriodAdjustment = "prior-period-adjustment";
    public const string FinanceAdjustment = "finance-adjustment";

    private static readonly Dictionary<string, string> Known = new(StringComparer.Ordinal)
    {
        ["base"] = "Base fee",
        ["performance-bonus"] = "Performance bonus",
        ["sustained-performance"] = "Sustained performance",
        ["responsiveness"] = "Responsiveness bonus",
        ["band"] = "Revenue band",
        ["eroded-deals"] = "Eroded deals",
        [Clawback] = "Clawback",
        [PriorPeriodAdjustment] = "Prior-period adjustment",
        [FinanceAdjustment] = "Finance adjustment",
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
        ruleId is Clawback or PriorPeriodAdjustment or FinanceAdjustment;

    public static string For(string ruleId) => Known.TryGetValue(ruleId, out var label) ? label : Humanize(ruleId);

    /// <summary>"performance-partnership" → "Performance partnership"; "on_time_rate" → "On time rate".</summary>
    public static string Humanize(string id)
    {
        if (string.IsNullOrWhiteSpace(id)) return id;
        var words = id.Replace('-', ' ').Replace('_', ' ').Trim();
        return char.ToUpper(words[0], CultureInfo.InvariantCulture) + words[1..];
    }
}
