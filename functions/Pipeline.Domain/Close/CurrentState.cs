namespace Pipeline.Domain.Close;

/// <summary>
/// The current state of the lake (docs/ingest.md): only accepted drops count; a new file at the same path supersedes
/// the earlier version's rows; per (partner, deal id) the latest received row wins (then the later drop in the
/// partner's audit chain, then the later line), even when the correction moved the deal to another quarter.
/// </summary>
public static class CurrentState
{
    public const string Accepted = "accepted";

    /// <summary>Accepted drops, the latest (by audit sequence) per path, sorted by path.</summary>
    public static IReadOnlyList<AuditedDrop> CurrentDrops(IEnumerable<AuditedDrop> drops) =>
        [.. drops
            .Where(d => d.Outcome == Accepted)
            .GroupBy(d => d.Path, StringComparer.Ordinal)
            .Select(g => g.MaxBy(d => d.Sequence)!)
            .OrderBy(d => d.Path, StringComparer.Ordinal)];

    /// <summary>The latest row per (partner, deal id), sorted by partner then deal id.</summary>
    public static IReadOnlyList<LakeDeal> CurrentDeals(IEnumerable<LakeDeal> rows) =>
        [.. rows
            .GroupBy(r => (r.Deal.PartnerId, r.Deal.DealId))
            .Select(g => g.MaxBy(r => (r.Origin.ReceivedAt, r.Origin.Sequence, r.Origin.Line))!)
            .OrderBy(r => r.Deal.PartnerId, StringComparer.Ordinal)
            .ThenBy(r => r.Deal.DealId, StringComparer.Ordinal)];
}
