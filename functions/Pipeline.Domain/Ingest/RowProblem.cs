namespace Pipeline.Domain.Ingest;

/// <summary>
/// Why one value of a row was refused. <see cref="Code"/> is stable (for counting top reasons in the audit);
/// <see cref="Reason"/> is the sentence the partner reads, naming the value and what would be accepted.
/// </summary>
public sealed record RowProblem(string Column, string Value, string Code, string Reason)
{
    /// <summary>A problem whose value is shown truncated, so a 10 MB cell cannot bloat the feedback report.</summary>
    public static RowProblem Of(string column, string? value, string code, string reason) =>
        new(column, DisplayValue.Truncate(value), code, reason);
}

/// <summary>
/// A rejected row: where it is in the file, everything wrong with it, and the values as read (in
/// <see cref="RecordSchema.Columns"/> order, for quarantine; null when not kept).
/// </summary>
public sealed record RejectedRow(long Line, IReadOnlyList<RowProblem> Problems, IReadOnlyList<string?>? Values = null);
