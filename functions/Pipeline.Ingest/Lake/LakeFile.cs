using Pipeline.Domain;

namespace Pipeline.Ingest.Lake;

/// <summary>
/// One Parquet file the lake writer produced: where it goes, how many rows, and the total of its main amount
/// column (<see cref="TotalColumn"/>), which the audit records and tests check against what DuckDB reads.
/// </summary>
public sealed record LakeFile(string Table, Quarter Quarter, string BlobName, long Rows, string TotalColumn, decimal Total);
