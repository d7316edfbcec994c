using System.Globalization;

namespace Pipeline.Domain.Ingest;

/// <summary>
/// How one partner's files differ from the defaults (<c>config/partners/{partnerId}.json</c>):
/// extra header names for our columns, the date format they write, and their decimal separator.
/// </summary>
public sealed record PartnerProfile
{
    /// <summary>A header name the partner uses → our column name (e.g. "Order No" → deal_id).</summary>
    public IReadOnlyDictionary<string, string> HeaderAliases { get; init; } = new Dictionary<string, string>();

    /// <summary>A .NET exact date format such as <c>dd/MM/yyyy</c>; null for ISO dates only (yyyy-MM-dd).</summary>
    public string? DateFormat { get; init; }

    /// <summary><c>.</c> (default) or <c>,</c>.</summary>
    public char DecimalSeparator { get; init; } = '.';

    public static readonly PartnerProfile Default = new();

    /// <summary>Problems that make the profile unusable, checked on import; empty when it is valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        var known = RecordSchema.Deals.Columns.Concat(RecordSchema.Metrics.Columns).ToHashSet();
        foreach (var (alias, column) in HeaderAliases)
        {
            if (string.IsNullOrWhiteSpace(alias)) problems.Add($"header alias for '{column}' is empty");
            if (!known.Contains(column)) problems.Add($"header alias '{alias}' points to '{column}', which is not a column (known: {string.Join(", ", known)})");
        }
        if (DecimalSeparator is not ('.' or ','))
        {
            problems.Add($"decimal separator '{DecimalSeparator}' must be '.' or ','");
        }
        if (DateFormat is not null)
        {
            // A year that is not the current one: a format without a year parses back into this year.
            var probe = new DateOnly(2001, 12, 31);
            var text = probe.ToString(DateFormat, CultureInfo.InvariantCulture);
            if (!DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var back) || back != probe)
            {
                problems.Add($"date format '{DateFormat}' cannot be read back (it must name day, month and year, e.g. dd/MM/yyyy)");
            }
        }
        return problems;
    }
}
