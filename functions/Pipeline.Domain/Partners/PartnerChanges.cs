using System.Globalization;

namespace Pipeline.Domain.Partners;

/// <summary>A partner's terms between two registry versions, in words ("base fee 10000.00 → 12000.00").</summary>
public static class PartnerChanges
{
    public static IReadOnlyList<string> Describe(Partner? before, Partner? after)
    {
        if (before is null && after is null) return [];
        if (before is null) return ["added to the registry"];
        if (after is null) return ["removed from the registry"];
        var changes = new List<string>();
        Add(changes, "name", before.Name, after.Name);
        Add(changes, "type", Text(before.Type), Text(after.Type));
        Add(changes, "base fee", Money(before.BaseFee), Money(after.BaseFee));
        Add(changes, "quarterly target", Money(before.QuarterlyTarget), Money(after.QuarterlyTarget));
        Add(changes, "joined", Date(before.Joined), Date(after.Joined));
        Add(changes, "status", Text(before.Status), Text(after.Status));
        return changes;
    }

    /// <summary>The partner's terms on one line, for a history listing.</summary>
    public static string Summary(Partner p) =>
        $"{p.Name} | {Text(p.Type)} | base fee {Money(p.BaseFee)} | target {Money(p.QuarterlyTarget)} | joined {Date(p.Joined)} | {Text(p.Status)}";

    private static void Add(List<string> changes, string what, string before, string after)
    {
        if (!string.Equals(before, after, StringComparison.Ordinal)) changes.Add($"{what} {before} → {after}");
    }

    private static string Money(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Date(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Text<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}
