using Parquet;
using Pipeline.Domain;
using Pipeline.Ingest;

namespace Pipeline.Ingest.Lake;

/// <summary>Tuning of <see cref="LakeWriter{TRow}"/>.</summary>
public sealed record LakeWriterOptions
{
    /// <summary>Rows per row group, and the most rows held in memory across all open partitions.</summary>
    /// <remarks>32,768 (2^15): a batch's column arrays grow by doubling from 1,024, so a power of two fills them
    /// exactly. Two batches are held (one filling, one being written), so the row group size sets most of the
    /// writer's memory: at 65,536 the 5M-row benchmark peaked at 331 MB, at 32,768 at 285 MB, in less time
    /// (docs/benchmark-log.md). Lake readers still get row groups of a few MB, large enough to scan efficiently.</remarks>
    public int RowGroupSize { get; init; } = 32_768;

    /// <summary>Snappy by default: what lake readers expect, and cheap to write.</summary>
    public CompressionMethod Compression { get; init; } = CompressionMethod.Snappy;

    /// <summary>Fastest by default: Parquet.Net's default (SmallestSize) costs CPU for a few percent of size.</summary>
    public System.IO.Compression.CompressionLevel CompressionLevel { get; init; } = System.IO.Compression.CompressionLevel.Fastest;

    public static readonly LakeWriterOptions Default = new();
}

/// <summary>
/// Writes one drop's accepted rows to Parquet, one file per quarter (Hive partition), as rows arrive. At
/// most <see cref="LakeWriterOptions.RowGroupSize"/> rows are buffered across all quarters: when the buffer
/// is full, the largest partition is written out as a row group, so memory stays flat for any file size.
/// The output is deterministic: the same rows in the same order give byte-identical files (no clock,
/// no random ids; Parquet.Net's created_by is its fixed version string).
/// The caller supplies the streams (a temporary file, a blob upload stream); Parquet needs to know only
/// where it is, so a non-seekable stream works.
/// </summary>
public sealed class LakeWriter<TRow> : IAcceptedRowSink<TRow>, IAsyncDisposable
{
    private readonly LakeTable<TRow> _table;
    private readonly DropContext _drop;
    private readonly Func<string, Quarter, Stream> _open;
    private readonly LakeWriterOptions _options;
    private readonly SortedDictionary<Quarter, Partition> _partitions = [];
    private int _buffered;
    private bool _completed;
    // Row groups are encoded on a worker while the caller keeps reading and normalising: at most one
    // flush in flight (so the files' row groups stay in order and memory stays at two batches).
    private Task _pendingFlush = Task.CompletedTask;
    private RowBatch<TRow>? _spare;
    private Partition? _last;

    /// <param name="open">Opens the output stream for a blob name (inside the lake container) and its quarter; the writer disposes it when the file is complete.</param>
    public LakeWriter(LakeTable<TRow> table, DropContext drop, Func<string, Quarter, Stream> open, LakeWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(open);
        drop.Validate();
        _options = options ?? LakeWriterOptions.Default;
        if (_options.RowGroupSize < 1) throw new ArgumentOutOfRangeException(nameof(options), "RowGroupSize must be positive");
        _table = table;
        _drop = drop;
        _open = open;
    }

    /// <summary>Buffers the row; completes synchronously unless a row group has to be handed to the worker.</summary>
    public ValueTask AddAsync(long line, TRow row, CancellationToken cancellationToken = default)
    {
        var quarter = _table.QuarterOf(row);
        // Drops are mostly one quarter: skip the lookup when the row goes where the previous one went.
        var partition = _last is { } last && last.Quarter == quarter ? last : PartitionFor(quarter);
        _last = partition;
        partition.Batch.Add(line, row);
        partition.Rows++;
        partition.Total += _table.TotalOf(row);
        if (++_buffered < _options.RowGroupSize) return ValueTask.CompletedTask;
        var largest = _partitions.Values.MaxBy(p => p.Batch.Count)!;
        return new ValueTask(StartFlushAsync(largest, cancellationToken));
    }

    private Partition PartitionFor(Quarter quarter)
    {
        if (!_partitions.TryGetValue(quarter, out var partition))
        {
            partition = new Partition(quarter, _table.NewBatch(_drop));
            _partitions.Add(quarter, partition);
        }
        return partition;
    }

    private async Task StartFlushAsync(Partition p, CancellationToken cancellationToken)
    {
        await _pendingFlush;
        var batch = p.Batch;
        p.Batch = _spare ?? _table.NewBatch(_drop);
        _spare = null;
        _buffered -= batch.Count;
        _pendingFlush = Task.Run(async () =>
        {
            await WriteRowGroupAsync(p, batch, cancellationToken);
            batch.Clear();
            _spare = batch;
        }, cancellationToken);
    }

    /// <summary>Writes what is buffered, closes every file, and lists them (sorted by quarter).</summary>
    public async Task<IReadOnlyList<LakeFile>> CompleteAsync(CancellationToken cancellationToken = default)
    {
        if (_completed) throw new InvalidOperationException("The lake writer is already complete.");
        _completed = true;
        await _pendingFlush;
        var files = new List<LakeFile>();
        foreach (var p in _partitions.Values)
        {
            if (p.Batch.Count > 0) await WriteRowGroupAsync(p, p.Batch, cancellationToken);
            await p.DisposeAsync();
            files.Add(new LakeFile(_table.Name, p.Quarter, BlobName(p.Quarter), p.Rows, _table.TotalColumn, p.Total));
        }
        return files;
    }

    private string BlobName(Quarter quarter) => LakePaths.ForTable(_table.Name, quarter, _drop.PartnerId, _drop.DropId);

    private async Task WriteRowGroupAsync(Partition p, RowBatch<TRow> batch, CancellationToken cancellationToken)
    {
        if (p.Writer is null)
        {
            p.Stream = _open(BlobName(p.Quarter), p.Quarter);
            p.Writer = await ParquetWriter.CreateAsync(_table.Schema, p.Stream,
                ParquetOptionsFor(_table, _options), cancellationToken: cancellationToken);
        }
        using var rowGroup = p.Writer.CreateRowGroup();
        await batch.WriteAsync(rowGroup, p.Quarter, cancellationToken);
        rowGroup.CompleteValidate();
    }

    /// <summary>
    /// Text columns are dictionary-encoded (Parquet.Net 6 does it only when asked): drop_id, partner_id and quarter
    /// hold one value per file, currency, status and product a handful. Columns the table declares mostly distinct
    /// (deal_id) stay plain, where a dictionary would only add a lookup. Numbers keep the plain encoding every
    /// lake engine reads (DuckDB, Spark, Synapse, Fabric). Parquet.Net's pools of encoding buffers keep at most
    /// 4 + 8 MB free between files (its defaults, 16 + 64 MB, stayed in a host that ingests drop after drop).
    /// </summary>
    internal static ParquetOptions ParquetOptionsFor(LakeTable<TRow> table, LakeWriterOptions options)
    {
        var parquet = new ParquetOptions { CompressionMethod = options.Compression, CompressionLevel = options.CompressionLevel, MaximumSmallPoolFreeBytes = 4 << 20, MaximumLargePoolFreeBytes = 8 << 20 };
        foreach (var field in table.Schema.GetDataFields())
        {
            if (field.ClrType == typeof(ReadOnlyMemory<char>) && !table.DistinctTextColumns.Contains(field.Name))
            {
                parquet.ColumnEncodingHints[field.Path.ToString()] = EncodingHint.Dictionary;
            }
        }
        return parquet;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _pendingFlush;
        }
        catch (Exception) when (!_completed)
        {
            // Disposed after a failure: the files are being abandoned, the caller already has the exception.
        }
        foreach (var p in _partitions.Values) await p.DisposeAsync();
    }

    private sealed class Partition(Quarter quarter, RowBatch<TRow> batch) : IAsyncDisposable
    {
        public Quarter Quarter { get; } = quarter;
        public RowBatch<TRow> Batch { get; set; } = batch;
        public ParquetWriter? Writer { get; set; }
        public Stream? Stream { get; set; }
        public long Rows { get; set; }
        public decimal Total { get; set; }

        public async ValueTask DisposeAsync()
        {
            if (Writer is not null) await Writer.DisposeAsync();
            Writer = null;
            if (Stream is not null) await Stream.DisposeAsync();
            Stream = null;
        }
    }
}
