using Parquet;
using Parquet.Schema;

namespace Pipeline.Close;

/// <summary>
/// A small in-memory Parquet table of a given schema (<see cref="CloseLakeTables"/>): its columns added in the schema's
/// order, written as one row group (Snappy). Decimals are rounded to their column's scale. The same values give the
/// same bytes.
/// </summary>
internal sealed class ParquetTable(ParquetSchema schema, int rows)
{
    private readonly List<(DataField Field, Func<ParquetRowGroupWriter, CancellationToken, Task> Write)> _columns = [];

    /// <summary>A required text column.</summary>
    public static DataField<string> TextField(string name) => new(name, false);

    /// <summary>A required DECIMAL(18,2) column.</summary>
    public static DecimalDataField MoneyField(string name) => new(name, 18, 2, false, false);

    /// <summary>A required DECIMAL(18,4) column.</summary>
    public static DecimalDataField RatioField(string name) => new(name, 18, 4, false, false);

    /// <summary>A required INT32 column.</summary>
    public static DataField<int> IntField(string name) => new(name, false);

    /// <summary>A required UTC TIMESTAMP (microseconds) column.</summary>
    public static DateTimeDataField TimestampField(string name) =>
        new(name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: false);

    public ParquetTable Text(DataField<string> field, IEnumerable<string> values)
    {
        var data = values.Select(v => (ReadOnlyMemory<char>?)v.AsMemory()).ToArray();
        return Add(field, data.Length, async (rg, ct) => await rg.WriteAsync<ReadOnlyMemory<char>>(field, data.AsMemory(), cancellationToken: ct));
    }

    public ParquetTable Decimal(DecimalDataField field, IEnumerable<decimal> values)
    {
        var data = values.Select(v => Math.Round(v, field.Scale, MidpointRounding.AwayFromZero)).ToArray();
        return Add(field, data.Length, async (rg, ct) => await rg.WriteAsync<decimal>(field, data.AsMemory(), cancellationToken: ct));
    }

    public ParquetTable Int(DataField<int> field, IEnumerable<int> values)
    {
        var data = values.ToArray();
        return Add(field, data.Length, async (rg, ct) => await rg.WriteAsync<int>(field, data.AsMemory(), cancellationToken: ct));
    }

    public ParquetTable Timestamp(DateTimeDataField field, IEnumerable<DateTimeOffset> values)
    {
        var data = values.Select(v => v.UtcDateTime).ToArray();
        return Add(field, data.Length, async (rg, ct) => await rg.WriteAsync<DateTime>(field, data.AsMemory(), cancellationToken: ct));
    }

    public async Task<byte[]> ToBytesAsync(CancellationToken cancellationToken = default)
    {
        var fields = schema.GetDataFields();
        if (_columns.Count != fields.Length)
            throw new InvalidOperationException($"The table has {_columns.Count} of its schema's {fields.Length} columns.");
        using var stream = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(schema, stream, new ParquetOptions { CompressionMethod = CompressionMethod.Snappy }, cancellationToken: cancellationToken))
        {
            if (rows > 0)
            {
                using var rg = writer.CreateRowGroup();
                foreach (var column in _columns) await column.Write(rg, cancellationToken);
                rg.CompleteValidate();
            }
        }

        return stream.ToArray();
    }

    private ParquetTable Add(DataField field, int count, Func<ParquetRowGroupWriter, CancellationToken, Task> write)
    {
        if (count != rows) throw new ArgumentException($"Column {field.Name} has {count} values; the table has {rows} rows.");
        var fields = schema.GetDataFields();
        if (_columns.Count >= fields.Length || !ReferenceEquals(fields[_columns.Count], field))
            throw new ArgumentException($"Column {field.Name} is not the table's next column.");
        _columns.Add((field, write));
        return this;
    }
}
