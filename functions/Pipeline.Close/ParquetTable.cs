using Parquet;
using Parquet.Schema;

namespace Pipeline.Close;

/// <summary>
/// A small in-memory Parquet table: columns added by type, written as one row group (Snappy). Money is DECIMAL(18,2),
/// ratios DECIMAL(18,4). The same values give the same bytes.
/// </summary>
internal sealed class ParquetTable(int rows)
{
    private readonly List<(DataField Field, Func<ParquetRowGroupWriter, CancellationToken, Task> Write)> _columns = [];

    public ParquetTable Text(string name, IEnumerable<string> values)
    {
        var field = new DataField<string>(name, false);
        var data = values.Select(v => (ReadOnlyMemory<char>?)v.AsMemory()).ToArray();
        Check(data.Length);
        _columns.Add((field, async (rg, ct) => await rg.WriteAsync<ReadOnlyMemory<char>>(field, data.AsMemory(), cancellationToken: ct)));
        return this;
    }

    public ParquetTable Money(string name, IEnumerable<decimal> values) => Decimal(name, 2, values);

    public ParquetTable Ratio(string name, IEnumerable<decimal> values) => Decimal(name, 4, values);

    public ParquetTable Int(string name, IEnumerable<int> values)
    {
        var field = new DataField<int>(name, false);
        var data = values.ToArray();
        Check(data.Length);
        _columns.Add((field, async (rg, ct) => await rg.WriteAsync<int>(field, data.AsMemory(), cancellationToken: ct)));
        return this;
    }

    public ParquetTable Timestamp(string name, IEnumerable<DateTimeOffset> values)
    {
        var field = new DateTimeDataField(name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: false);
        var data = values.Select(v => v.UtcDateTime).ToArray();
        Check(data.Length);
        _columns.Add((field, async (rg, ct) => await rg.WriteAsync<DateTime>(field, data.AsMemory(), cancellationToken: ct)));
        return this;
    }

    public async Task<byte[]> ToBytesAsync(CancellationToken cancellationToken = default)
    {
        using var stream = new MemoryStream();
        var schema = new ParquetSchema(_columns.Select(c => (Field)c.Field).ToArray());
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

    private ParquetTable Decimal(string name, int scale, IEnumerable<decimal> values)
    {
        var field = new DecimalDataField(name, 18, scale, false, false);
        var data = values.Select(v => Math.Round(v, scale, MidpointRounding.AwayFromZero)).ToArray();
        Check(data.Length);
        _columns.Add((field, async (rg, ct) => await rg.WriteAsync<decimal>(field, data.AsMemory(), cancellationToken: ct)));
        return this;
    }

    private void Check(int count)
    {
        if (count != rows) throw new ArgumentException($"A column has {count} values; the table has {rows} rows.");
    }
}
