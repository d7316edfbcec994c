namespace Pipeline.Domain.Ingest;

/// <summary>What became of one record: an accepted row, or the reasons it was rejected.</summary>
public readonly record struct RowResult<T>(T? Row, RejectedRow? Rejection) where T : class;

public static class RowResult
{
    public static RowResult<T> Accepted<T>(T row) where T : class => new(row, null);
    public static RowResult<T> Rejected<T>(RejectedRow rejection) where T : class => new(null, rejection);
}

/// <summary>Normalises one file's records of a kind; an instance holds the file's state (seen deal ids).</summary>
public interface IRowNormaliser<T> where T : class
{
    RecordSchema Schema { get; }
    RowResult<T> Normalise(in RawRecord record);
}
