using Parquet.Schema;
using Parquet;
using Pipeline.Domain.Ingest;
using Pipeline.Domain;
using Pipeline.Ingest;

namespace Pipeline.Ingest.Lake;

/// <summary>The <c>metrics</c> table: one row per accepted observation; value DECIMAL(18,6), rates as fractions.</summary>
public sealed class MetricLakeTable : LakeTable<MetricRow>
{
    public static readonly MetricLakeTable Instance = new();

    internal static readonly DataField<string> DropId = new("drop_id", false);
    internal static readonly DataField<string> PartnerId = new("partner_id", false);
    internal static readonly DataField<string> QuarterField = new("quarter", false);
    internal static readonly DataField<long> Line = new("line", false);
    internal static readonly DataField<DateOnly> Date = new("date", false);
    internal static readonly DataField<string> Metric = new("metric", false);
    internal static readonly DecimalDataField Value = new("value", 18, MetricNormaliser.Scale, false, false);
    internal static readonly DateTimeDataField ReceivedAt = new("received_at", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: false);

    private static readonly ParquetSchema ParquetSchema = new(DropId, PartnerId, QuarterField, Line, Date, Metric, Value, ReceivedAt);

    public override string Name => "metrics";
    public override ParquetSchema Schema => ParquetSchema;
    public override string TotalColumn => "value";
    public override Quarter QuarterOf(MetricRow row) => row.Quarter;
    public override decimal TotalOf(MetricRow row) => row.Value;

    internal override RowBatch<MetricRow> NewBatch(DropContext drop) => new Batch(drop);

    private sealed class Batch(DropContext drop) : RowBatch<MetricRow>
    {
        private long[] _line = [];
        private DateOnly[] _date = [];
        private ReadOnlyMemory<char>?[] _metric = [];
        private decimal[] _value = [];
        private ReadOnlyMemory<char>?[] _constant = [];
        private DateTime[] _receivedAt = [];

        protected override void Grow(int capacity)
        {
            Resize(ref _line, capacity); Resize(ref _date, capacity); Resize(ref _metric, capacity);
            Resize(ref _value, capacity); Resize(ref _constant, capacity); Resize(ref _receivedAt, capacity);
        }

        protected override void Set(int i, long line, MetricRow row)
        {
            _line[i] = line;
            _date[i] = row.Date;
            _metric[i] = row.Metric.Name().AsMemory();
            _value[i] = row.Value;
        }

        public override async Task WriteAsync(ParquetRowGroupWriter rg, Quarter quarter, CancellationToken ct)
        {
            var n = Count;
            await rg.WriteAsync<ReadOnlyMemory<char>>(DropId, Repeat(drop.DropId, n), cancellationToken: ct);
            await rg.WriteAsync<ReadOnlyMemory<char>>(PartnerId, Repeat(drop.PartnerId, n), cancellationToken: ct);
            await rg.WriteAsync<ReadOnlyMemory<char>>(QuarterField, Repeat(quarter.ToString(), n), cancellationToken: ct);
            await rg.WriteAsync<long>(Line, _line.AsMemory(0, n), cancellationToken: ct);
            await rg.WriteAsync<DateOnly>(Date, _date.AsMemory(0, n), cancellationToken: ct);
            await rg.WriteAsync<ReadOnlyMemory<char>>(Metric, _metric.AsMemory(0, n), cancellationToken: ct);
            await rg.WriteAsync<decimal>(Value, _value.AsMemory(0, n), cancellationToken: ct);
            Array.Fill(_receivedAt, drop.ReceivedAt.UtcDateTime, 0, n);
            await rg.WriteAsync<DateTime>(ReceivedAt, _receivedAt.AsMemory(0, n), cancellationToken: ct);
        }

        private ReadOnlyMemory<ReadOnlyMemory<char>?> Repeat(string value, int n)
        {
            Array.Fill(_constant, value.AsMemory(), 0, n);
            return _constant.AsMemory(0, n);
        }
    }
}
