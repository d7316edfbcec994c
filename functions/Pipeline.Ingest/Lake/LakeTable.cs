using Parquet.Schema;
using Parquet;
using Pipeline.Domain;
using Pipeline.Ingest;

namespace Pipeline.Ingest.Lake;

/// <summary>The columns every lake table shares: where a row came from (first) and when its drop arrived (last).</summary>
public static class LakeColumns
{
    public static readonly DataField<string> DropId = new("drop_id", false);
    public static readonly DataField<string> PartnerId = new("partner_id", false);
    public static readonly DataField<string> QuarterField = new("quarter", false);
    public static readonly DataField<long> Line = new("line", false);
    public static readonly DateTimeDataField ReceivedAt = new("received_at", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: false);
}

/// <summary>The Parquet layout of one lake table: its schema, partitioning and how rows become columns.</summary>
public abstract class LakeTable<TRow>
{
    /// <summary>Table name, the first segment of its blob names (deals, metrics).</summary>
    public abstract string Name { get; }

    public abstract ParquetSchema Schema { get; }

    /// <summary>The column whose sum <see cref="LakeFile.Total"/> reports.</summary>
    public abstract string TotalColumn { get; }

    /// <summary>Text columns whose values are (nearly) all different, written without a dictionary.</summary>
    public virtual IReadOnlySet<string> DistinctTextColumns => EmptySet;

    private static readonly IReadOnlySet<string> EmptySet = new HashSet<string>();

    public abstract Quarter QuarterOf(TRow row);

    public abstract decimal TotalOf(TRow row);

    /// <summary>A growable set of column arrays for the rows of one row group.</summary>
    internal abstract RowBatch<TRow> NewBatch(DropContext drop);
}

/// <summary>Column arrays for one row group; grows to the row group size, then is written and cleared. The batch
/// keeps the columns every table shares (<see cref="LakeColumns"/>); a table's batch keeps its own.</summary>
internal abstract class RowBatch<TRow>(DropContext drop)
{
    private int _capacity;
    private long[] _line = [];
    private ReadOnlyMemory<char>?[] _constant = [];
    private DateTime[] _receivedAt = [];

    public int Count { get; private set; }

    public void Add(long line, TRow row)
    {
        if (Count == _capacity)
        {
            _capacity = Math.Max(1024, _capacity * 2);
            Resize(ref _line, _capacity); Resize(ref _constant, _capacity); Resize(ref _receivedAt, _capacity);
            Grow(_capacity);
        }
        _line[Count] = line;
        Set(Count, row);
        Count++;
    }

    public void Clear()
    {
        Count = 0;
        OnClear();
    }

    /// <summary>Lets a batch reset what it keeps besides the column arrays (see <see cref="TextArena"/>).</summary>
    protected virtual void OnClear()
    {
    }

    protected abstract void Grow(int capacity);

    protected abstract void Set(int index, TRow row);

    /// <summary>Writes the row group: the shared leading columns, the table's own (<see cref="WriteColumnsAsync"/>),
    /// then received_at.</summary>
    public async Task WriteAsync(ParquetRowGroupWriter rg, Quarter quarter, CancellationToken ct)
    {
        var n = Count;
        await rg.WriteAsync<ReadOnlyMemory<char>>(LakeColumns.DropId, Repeat(drop.DropId, n), cancellationToken: ct);
        await rg.WriteAsync<ReadOnlyMemory<char>>(LakeColumns.PartnerId, Repeat(drop.PartnerId, n), cancellationToken: ct);
        await rg.WriteAsync<ReadOnlyMemory<char>>(LakeColumns.QuarterField, Repeat(quarter.ToString(), n), cancellationToken: ct);
        await rg.WriteAsync<long>(LakeColumns.Line, _line.AsMemory(0, n), cancellationToken: ct);
        await WriteColumnsAsync(rg, n, ct);
        Array.Fill(_receivedAt, drop.ReceivedAt.UtcDateTime, 0, n);
        await rg.WriteAsync<DateTime>(LakeColumns.ReceivedAt, _receivedAt.AsMemory(0, n), cancellationToken: ct);
    }

    /// <summary>The table's own columns, in its schema's order, for the first <paramref name="n"/> rows.</summary>
    protected abstract Task WriteColumnsAsync(ParquetRowGroupWriter rg, int n, CancellationToken ct);

    protected static void Resize<T>(ref T[] array, int capacity) => Array.Resize(ref array, capacity);

    private ReadOnlyMemory<ReadOnlyMemory<char>?> Repeat(string value, int n)
    {
        Array.Fill(_constant, value.AsMemory(), 0, n);
        return _constant.AsMemory(0, n);
    }
}

/// <summary>
/// Copies of a batch's per-row unique strings (deal ids), packed into reused char chunks. A batch holds its rows
/// until the row group is written; holding the parser's string objects that long made each of them survive
/// the young-generation collections that happened meanwhile and get copied into the older generations: a
/// cost that grew with the row-group size. The chunks are allocated once and reused for every row group.
/// </summary>
internal sealed class TextArena
{
    private const int ChunkChars = 1 << 18;
    private readonly List<char[]> _chunks = [];
    private int _chunk;
    private int _used;

    public ReadOnlyMemory<char> Keep(string value)
    {
        if (value.Length > ChunkChars) return value.AsMemory();
        if (_chunks.Count == 0 || _used + value.Length > ChunkChars)
        {
            if (_chunks.Count > 0) _chunk++;
            if (_chunk == _chunks.Count) _chunks.Add(new char[ChunkChars]);
            _used = 0;
        }
        var chunk = _chunks[_chunk];
        value.CopyTo(chunk.AsSpan(_used));
        var kept = chunk.AsMemory(_used, value.Length);
        _used += value.Length;
        return kept;
    }

    /// <summary>Starts over at the first chunk: the previous row group has been written.</summary>
    public void Reset()
    {
        _chunk = 0;
        _used = 0;
    }
}
