namespace Pipeline.Domain.Ingest;

/// <summary>
/// What happened to a drop. Always RowsRead = RowsAccepted + RowsRejected. When the drop is rejected as a
/// whole (<see cref="Rejection"/> set), no row is accepted: the rows read before the problem was found count
/// as rejected, and the feedback report carries the file-level reason instead of a line per row.
/// </summary>
public sealed record DropOutcome(
    long RowsRead,
    long RowsAccepted,
    long RowsRejected,
    DropRejection? Rejection,
    IReadOnlyList<ReasonCount> TopReasons)
{
    public bool IsRejected => Rejection is not null;
}

/// <summary>How many rejected rows had a problem of this code, with one example sentence.</summary>
public sealed record ReasonCount(string Code, string Column, long Rows, string Example);

/// <summary>Counts a drop's rows as they are decided; one instance per drop.</summary>
public sealed class DropTally
{
    private readonly Dictionary<(string Code, string Column), (long Rows, string Example)> _reasons = [];

    public long RowsRead { get; private set; }
    public long RowsAccepted { get; private set; }
    public long RowsRejected { get; private set; }

    public void Accepted()
    {
        RowsRead++;
        RowsAccepted++;
    }

    public void Rejected(RejectedRow row)
    {
        RowsRead++;
        RowsRejected++;
        // A row with the same problem twice (rare) counts once per code.
        foreach (var p in row.Problems.DistinctBy(p => (p.Code, p.Column)))
        {
            var key = (p.Code, p.Column);
            _reasons[key] = _reasons.TryGetValue(key, out var seen) ? (seen.Rows + 1, seen.Example) : (1, p.Reason);
        }
    }

    /// <summary>The most frequent problems, most frequent first (ties by code, so the order is stable).</summary>
    public IReadOnlyList<ReasonCount> TopReasons(int count = 5) => _reasons
        .OrderByDescending(kv => kv.Value.Rows).ThenBy(kv => kv.Key.Code, StringComparer.Ordinal).ThenBy(kv => kv.Key.Column, StringComparer.Ordinal)
        .Take(count)
        .Select(kv => new ReasonCount(kv.Key.Code, kv.Key.Column, kv.Value.Rows, kv.Value.Example))
        .ToList();

    public DropOutcome Complete() => new(RowsRead, RowsAccepted, RowsRejected, null, TopReasons());

    /// <summary>The drop is refused as a whole: nothing is accepted, every row read so far counts as rejected.</summary>
    public DropOutcome Reject(DropRejection rejection) =>
        new(RowsRead, 0, RowsRead, rejection, [new ReasonCount(rejection.Code, "(file)", RowsRead, rejection.Reason)]);
}
