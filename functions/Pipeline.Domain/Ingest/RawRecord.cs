namespace Pipeline.Domain.Ingest;

/// <summary>
/// One record as a reader found it, before any validation: its 1-based line in the file (where the record
/// starts) and its values in <see cref="RecordSchema.Columns"/> order (null when the file has no such column
/// or the value is empty). <paramref name="Defect"/> is a problem the reader found in the record's shape
/// (a field count that differs from the header, a JSON value that is an object): the row is rejected with it.
/// A reader may reuse <paramref name="Values"/> for its next record (the CSV reader does): keep a record beyond
/// that with <see cref="Snapshot"/>.
/// </summary>
public readonly record struct RawRecord(long Line, RecordValues Values, RowProblem? Defect = null)
{
    /// <summary>A copy whose values stay valid after the reader moves on.</summary>
    public RawRecord Snapshot() => this with { Values = Values.ToArray() };
}
