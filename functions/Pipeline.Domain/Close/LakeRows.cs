using Pipeline.Domain.Deals;
using Pipeline.Domain.Metrics;

namespace Pipeline.Domain.Close;

/// <summary>Where a lake row came from: its drop, the drop's place in the partner's audit chain, its line, and when it arrived.</summary>
public readonly record struct RowOrigin(string DropId, long Sequence, long Line, DateTimeOffset ReceivedAt);

/// <summary>A deal row as the lake stores it, with its lineage (the current-state rule orders by it).</summary>
public sealed record LakeDeal(RowOrigin Origin, NormalisedDeal Deal);

/// <summary>A metric row as the lake stores it.</summary>
public sealed record LakeMetric(RowOrigin Origin, MetricReading Reading);

/// <summary>A drop as the audit ledger recorded it, reduced to what the current-state rule reads.</summary>
/// <param name="LakeFiles">Blob names inside the <c>lake</c> container that the drop produced.</param>
public sealed record AuditedDrop(string DropId, string Path, string PartnerId, string Outcome, long Sequence, IReadOnlyList<string> LakeFiles);
