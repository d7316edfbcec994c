namespace Pipeline.Ingest;

/// <summary>
/// Bounds on what a drop may be, so that a hostile or broken file is refused with a reason instead of
/// exhausting memory: the whole file, and one record (a line, or a JSON object).
/// </summary>
public sealed record IngestLimits
{
    /// <summary>Files above this size are rejected (default 2 GiB).</summary>
    public long MaxFileBytes { get; init; } = 2L * 1024 * 1024 * 1024;

    /// <summary>A record longer than this is rejected with the file (default 1 MiB).</summary>
    public int MaxRecordBytes { get; init; } = 1024 * 1024;

    public static readonly IngestLimits Default = new();

    public void Validate()
    {
        if (MaxFileBytes <= 0) throw new ArgumentOutOfRangeException(nameof(MaxFileBytes), MaxFileBytes, "must be positive");
        if (MaxRecordBytes < 1024) throw new ArgumentOutOfRangeException(nameof(MaxRecordBytes), MaxRecordBytes, "must be at least 1 KiB");
    }
}
