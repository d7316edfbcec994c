namespace Pipeline.Domain.Ingest;

/// <summary>
/// One record as a reader found it, before any validation: its 1-based line in the file (where the record
/// starts) and its values in <see cref="RecordSchema.Columns"/> order (null when the file has no such column
/// or the value is empty). <paramref name="Defect"/> is a problem the reader found in the record's shape
/// (a field count that differs from the header, a JSON value that is an object): the row is rejected with it.
/// </summary>
public readonly record struct RawRecord(long Line, string?[] Values, RowProblem? Defect = null);
