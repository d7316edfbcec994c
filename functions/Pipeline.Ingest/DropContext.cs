namespace Pipeline.Ingest;

/// <summary>
/// Who sent a drop and when: stamped on every lake row (lineage) and on the feedback report. ReceivedAt
/// comes from the drop's receipt, never from the clock at write time, so re-running an ingest gives
/// byte-identical files.
/// </summary>
public sealed record DropContext(string PartnerId, string DropId, DateTimeOffset ReceivedAt)
{
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(PartnerId);
        ArgumentException.ThrowIfNullOrWhiteSpace(DropId);
    }
}
