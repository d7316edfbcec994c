using Parquet;
using Parquet.Schema;
using Pipeline.Domain;
using Pipeline.Storage.Ingest;

namespace Pipeline.Storage.Lake;

/// <summary>The Parquet layout of one lake table: its schema, partitioning and how rows become columns.</summary>
public abstract class LakeTable<TRow>
{
    /// <summary>Table name, the first segment of its blob names (deals, metrics).</summary>
    public abstract string Name { get; }

    public abstract ParquetSchema Schema { get; }

    /// <summary>The column whose sum <see cref="LakeFile.Total"/> reports.</summary>
    public abstract string TotalColumn { get; }

    public abstract Quarter QuarterOf(TRow row);

    public abstract decimal TotalOf(TRow row);

    /// <summary>A growable set of column arrays for the rows of one row group.</summary>
    internal abstract RowBatch<TRow> NewBatch(DropContext drop);
}

/// <summary>Column arrays for one row group; grows to the row group size, then is written and cleared.</summary>
internal abstract class RowBatch<TRow>
{
    private int _capacity;

    public int Count { get; private set; }

    public void Add(long line, TRow row)
    {
        if (Count == _capacity)
        {
            _capacity = Math.Max(1024, _capacity * 2);
            Grow(_capacity);
        }
        Set(Count, line, row);
        Count++;
    }

    public void Clear() => Count = 0;

    protected abstract void Grow(int capacity);

    protected abstract void Set(int index, long line, TRow row);

    public abstract Task WriteAsync(ParquetRowGroupWriter rowGroup, Quarter quarter, CancellationToken cancellationToken);

    protected static void Resize<T>(ref T[] array, int capacity) => Array.Resize(ref array, capacity);
}
