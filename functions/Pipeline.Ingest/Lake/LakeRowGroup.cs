using System.Runtime.CompilerServices;
using Parquet;
using Parquet.Schema;

namespace Pipeline.Ingest.Lake;

/// <summary>
/// One row group of a lake file, read column by column through its table's own fields (<see cref="DealLakeTable"/>,
/// <see cref="MetricLakeTable"/>): a reader asks only for the columns it uses, and no reader names a column itself.
/// </summary>
public abstract class LakeRowGroup
{
    private readonly ParquetRowGroupReader _rowGroup;
    private readonly IReadOnlyDictionary<string, DataField> _fileFields;

    private protected LakeRowGroup(ParquetRowGroupReader rowGroup, IReadOnlyDictionary<string, DataField> fileFields)
    {
        _rowGroup = rowGroup;
        _fileFields = fileFields;
        Count = checked((int)rowGroup.RowCount);
    }

    /// <summary>Rows in this row group; every column array has this length.</summary>
    public int Count { get; }

    public Task<string?[]> DropIdsAsync(CancellationToken ct = default) => TextAsync(LakeColumns.DropId, ct);
    public Task<string?[]> PartnerIdsAsync(CancellationToken ct = default) => TextAsync(LakeColumns.PartnerId, ct);
    public Task<string?[]> QuartersAsync(CancellationToken ct = default) => TextAsync(LakeColumns.QuarterField, ct);
    public Task<long[]> LinesAsync(CancellationToken ct = default) => ValuesAsync<long>(LakeColumns.Line, ct);
    public Task<DateTimeOffset[]> ReceivedAtAsync(CancellationToken ct = default) => InstantsAsync(LakeColumns.ReceivedAt, ct);

    /// <summary>The received_at column as UTC times: for readers of every row, which build their own rows.</summary>
    public Task<DateTime[]> ReceivedAtUtcAsync(CancellationToken ct = default) => UtcTimesAsync(LakeColumns.ReceivedAt, ct);

    private protected async Task<string?[]> TextAsync(DataField field, CancellationToken ct)
    {
        var values = new string?[Count];
        await _rowGroup.ReadAsync(_fileFields[field.Name], values.AsMemory(), null, ct);
        return values;
    }

    private protected async Task<T[]> ValuesAsync<T>(DataField field, CancellationToken ct) where T : struct
    {
        var values = new T[Count];
        await _rowGroup.ReadAsync<T>(_fileFields[field.Name], values.AsMemory(), null, ct);
        return values;
    }

    private protected async Task<T?[]> NullablesAsync<T>(DataField field, CancellationToken ct) where T : struct
    {
        var values = new T?[Count];
        await _rowGroup.ReadAsync<T>(_fileFields[field.Name], values.AsMemory(), null, ct);
        return values;
    }

    /// <summary>A received_at column (UTC microseconds) as UTC times, converted in place (no second array).</summary>
    private protected async Task<DateTime[]> UtcTimesAsync(DataField field, CancellationToken ct)
    {
        var values = await ValuesAsync<DateTime>(field, ct);
        for (var i = 0; i < values.Length; i++) values[i] = DateTime.SpecifyKind(values[i], DateTimeKind.Utc);
        return values;
    }

    /// <summary>A received_at column (UTC microseconds) as instants.</summary>
    private protected async Task<DateTimeOffset[]> InstantsAsync(DataField field, CancellationToken ct)
    {
        var values = await ValuesAsync<DateTime>(field, ct);
        var instants = new DateTimeOffset[values.Length];
        for (var i = 0; i < values.Length; i++) instants[i] = new DateTimeOffset(DateTime.SpecifyKind(values[i], DateTimeKind.Utc));
        return instants;
    }

    private static readonly ParquetOptions ReadOptions = new() { UseDateOnlyTypeForDates = true };

    /// <summary>
    /// The row groups of one file of a table with the given schema. The file must have every column of the schema,
    /// with the same value type; each row group is released once the caller moves on to the next.
    /// </summary>
    private protected static async IAsyncEnumerable<TGroup> ReadAsync<TGroup>(
        Stream stream, string table, ParquetSchema schema, Func<ParquetRowGroupReader, IReadOnlyDictionary<string, DataField>, TGroup> open,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var reader = await ParquetReader.CreateAsync(stream, ReadOptions, cancellationToken: cancellationToken);
        var fileFields = FileFields(reader.Schema, table, schema);
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var rowGroup = reader.OpenRowGroupReader(g);
            yield return open(rowGroup, fileFields);
        }
    }

    private static Dictionary<string, DataField> FileFields(ParquetSchema file, string table, ParquetSchema schema)
    {
        var inFile = new Dictionary<string, DataField>(StringComparer.Ordinal);
        foreach (var f in file.GetDataFields()) inFile[f.Name] = f;
        foreach (var field in schema.GetDataFields())
        {
            if (!inFile.TryGetValue(field.Name, out var found))
                throw new InvalidDataException($"The {table} file has no column {field.Name}.");
            if (found.ClrType != field.ClrType)
                throw new InvalidDataException($"The {table} file's column {field.Name} holds {found.ClrType.Name}, not {field.ClrType.Name}.");
        }

        return inFile;
    }
}
