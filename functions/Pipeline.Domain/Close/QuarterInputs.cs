using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Pipeline.Domain.Deals;
using Pipeline.Domain.Metrics;

namespace Pipeline.Domain.Close;

/// <summary>
/// A fingerprint of what one partner's quarter was computed from: each deal closed or refunded in the quarter and each
/// metric row dated in it, as <c>key=hash</c> (the hash covers every field the calculator reads). The ledger keeps it
/// with the closed quarter; a later close compares it with the lake as it stands then, so only a real change of the
/// quarter's inputs reopens it, and the adjustment's line can say which deals and metrics changed.
/// </summary>
public sealed record QuarterInputs(IReadOnlyList<string> Deals, IReadOnlyList<string> Metrics)
{
    private const int NamedAtMost = 5;

    public static QuarterInputs Of(PartnerLakeData data, Quarter quarter)
    {
        ArgumentNullException.ThrowIfNull(data);
        var deals = data.Deals
            .Where(d => quarter.Contains(d.CloseDate) || d.RefundDate is { } r && quarter.Contains(r))
            .Select(d => $"{d.DealId}={Hash(DealText(d))}")
            .Order(StringComparer.Ordinal);
        // Several rows of one metric on one day are all read (the mean counts each): the key numbers them.
        var metrics = data.MetricsIn(quarter)
            .GroupBy(m => $"{m.Date:yyyy-MM-dd} {m.Metric}", StringComparer.Ordinal)
            .SelectMany(g => g.Select(m => m.Value.ToString(CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal)
                .Select((value, i) => $"{g.Key}#{i}={Hash(value)}"))
            .Order(StringComparer.Ordinal);
        return new QuarterInputs([.. deals], [.. metrics]);
    }

    /// <summary>The same inputs (the lists are compared by content, not by reference).</summary>
    public bool SameAs(QuarterInputs other) =>
        other is not null && Deals.SequenceEqual(other.Deals, StringComparer.Ordinal) && Metrics.SequenceEqual(other.Metrics, StringComparer.Ordinal);

    /// <summary>What changed from <paramref name="before"/> to this, in words ("deals added: D-9; metrics changed: csat on 2026-02-03").</summary>
    public string ChangesSince(QuarterInputs before)
    {
        ArgumentNullException.ThrowIfNull(before);
        var parts = new List<string>();
        Describe("deals", before.Deals, Deals, key => key, parts);
        Describe("metrics", before.Metrics, Metrics, MetricName, parts);
        return parts.Count == 0 ? "no input changed" : string.Join("; ", parts);
    }

    private static void Describe(string what, IReadOnlyList<string> before, IReadOnlyList<string> now, Func<string, string> name, List<string> into)
    {
        var old = Split(before);
        var current = Split(now);
        var added = current.Keys.Where(k => !old.ContainsKey(k)).Select(name).Distinct(StringComparer.Ordinal).ToList();
        var removed = old.Keys.Where(k => !current.ContainsKey(k)).Select(name).Distinct(StringComparer.Ordinal).ToList();
        var changed = current.Where(kv => old.TryGetValue(kv.Key, out var h) && h != kv.Value).Select(kv => name(kv.Key)).Distinct(StringComparer.Ordinal).ToList();
        if (added.Count > 0) into.Add($"{what} added: {Names(added)}");
        if (changed.Count > 0) into.Add($"{what} changed: {Names(changed)}");
        if (removed.Count > 0) into.Add($"{what} removed: {Names(removed)}");
    }

    private static Dictionary<string, string> Split(IReadOnlyList<string> entries) =>
        entries.Select(e => (Key: e[..e.LastIndexOf('=')], Hash: e[(e.LastIndexOf('=') + 1)..]))
            .ToDictionary(e => e.Key, e => e.Hash, StringComparer.Ordinal);

    /// <summary>"2026-02-03 csat#0" → "csat on 2026-02-03".</summary>
    private static string MetricName(string key)
    {
        var space = key.IndexOf(' ', StringComparison.Ordinal);
        var hash = key.LastIndexOf('#');
        return $"{key[(space + 1)..hash]} on {key[..space]}";
    }

    private static string Names(List<string> names) =>
        names.Count <= NamedAtMost ? string.Join(", ", names) : $"{string.Join(", ", names.Take(NamedAtMost))} and {names.Count - NamedAtMost} more";

    private static string DealText(NormalisedDeal d) => string.Join('\u001f',
        d.CloseDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d.Product, d.Quantity.ToString(CultureInfo.InvariantCulture),
        d.ListAmount.ToString(CultureInfo.InvariantCulture), d.NetAmount.ToString(CultureInfo.InvariantCulture), d.Currency,
        d.UsdNet.ToString(CultureInfo.InvariantCulture), d.UsdList.ToString(CultureInfo.InvariantCulture), d.Status.ToString(),
        d.RefundDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "");

    /// <summary>64 bits of SHA-256: a changed row goes unnoticed with odds of 1 in 2^64.</summary>
    private static string Hash(string text)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), digest);
        return Convert.ToHexStringLower(digest[..8]);
    }
}
