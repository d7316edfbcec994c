using System.Globalization;

namespace Pipeline.Domain.Anomalies;

/// <summary>Number formats of finding summaries: invariant, so a summary reads the same on every host.</summary>
internal static class FindingText
{
    public static string Usd(decimal amount) => amount.ToString("N2", CultureInfo.InvariantCulture) + " USD";

    /// <summary>A share as a percentage with two decimals: 0.2499 → "24.99%".</summary>
    public static string Percent(decimal share) => (share * 100m).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    public static string Number(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>Shares quoted in evidence: 4 dp like every other ratio of the program. Comparisons use exact values.</summary>
    public static decimal Share(decimal part, decimal whole) => whole == 0m ? 0m : Money.Ratio(part / whole);

    public static string Ids(IReadOnlyCollection<string> ids)
    {
        var listed = ids.Order(StringComparer.Ordinal).Take(3).ToList();
        var more = ids.Count - listed.Count;
        return string.Join(", ", listed) + (more > 0 ? string.Create(CultureInfo.InvariantCulture, $" and {more} more") : "");
    }
}
