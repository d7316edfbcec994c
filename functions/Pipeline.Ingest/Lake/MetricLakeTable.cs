using Parquet.Schema;
using Parquet;
using Pipeline.Domain.Ingest;
using Pipeline.Domain.Metrics;
using Pipeline.Domain;
using Pipeline.Ingest;

namespace Pipeline.Ingest.Lake;

/// <summary>The <c>metrics</c> table: one row per accepted observation; value DECIMAL(18,6), rates as fractions.</summary>
public sealed class MetricLakeTable : LakeTable<MetricRow>
{
    public static readonly MetricLakeTable Instance = new();

    public static readonly DataField<string> DropId = LakeColumns.DropId;
    public static readonly DataField<string> PartnerId = LakeColumns.PartnerId;
    public static readonly DataField<string> QuarterField = LakeColumns.QuarterField;
    public static readonly DataField<long> Line = LakeColumns.Line;
    public static readonly DataField<DateOnly> Date = new("date", false);
    public static readonly DataField<string> Metric = new("metric", false);
    public static readonly DecimalDataField Value = new("value", 18, MetricNormaliser.Scale, false, false);
    public static readonly DateTimeDataField ReceivedAt = LakeColumns.ReceivedAt;

    private static readonly ParquetSchema ParquetSchema = new(DropId, PartnerId, QuarterField, Line, Date, Metric, Value, ReceivedAt);

    /// <summary>The row groups of a metrics file; each reads only the columns asked for.</summary>
    public static IAsyncEnumerable<MetricRowGroup> ReadAsync(Stream stream, CancellationToken cancellationToken = default) =>
        MetricRowGroup.ReadAsync(stream, Instance.Name, ParquetSchema, cancellationToken);

    public override string Name => "metrics";
    public override ParquetSchema Schema => ParquetSchema;
    public override string TotalColumn => "value";
    public override Quarter QuarterOf(MetricRow row) => row.Quarter;
    public override decimal TotalOf(MetricRow row) => row.Value;

    internal override RowBatch<MetricRow> NewBatch(DropContext drop) => new Batch(drop);

    private sealed class Batch(DropContext drop) : RowBatch<MetricRow>(drop)
    {
        private DateOnly[] _date = [];
        private ReadOnlyMemory<char>?[] _metric = [];
        private decimal[] _value = [];

        protected override void Grow(int capacity)
        {
            Resize(ref _date, capacity); Resize(ref _metric, capacity);
            Resize(ref _value, capacity);
        }

        protected override void Set(int i, MetricRow row)
        {
            _date[i] = row.Date;
            _metric[i] = row.Metric.Name().AsMemory();
            _value[i] = row.Value;
        }

        protected override async Task WriteColumnsAsync(ParquetRowGroupWriter rg, int n, CancellationToken ct)
        {
            await rg.WriteAsync<DateOnly>(Date, _date.AsMemory(0, n), cancellationToken: ct);
            await rg.WriteAsync<ReadOnlyMemory<char>>(Metric, _metric.AsMemory(0, n), cancellationToken: ct);
            await rg.WriteAsync<decimal>(Value, _value.AsMemory(0, n), cancellationToken: ct);
        }
    }
}

/// <summary>One row group of a <c>metrics</c> file, each column typed as <see cref="MetricLakeTable"/> writes it.</summary>
public sealed class MetricRowGroup : LakeRowGroup
{
    private MetricRowGroup(ParquetRowGroupReader rowGroup, IReadOnlyDictionary<string, DataField> fileFields)
        : base(rowGroup, fileFields)
    {
    }

    internal static IAsyncEnumerable<MetricRowGroup> ReadAsync(Stream stream, string table, ParquetSchema schema, CancellationToken ct) =>
        ReadAsync(stream, table, schema, (rg, fields) => new MetricRowGroup(rg, fields), ct);

    public Task<DateOnly[]> DatesAsync(CancellationToken ct = default) => ValuesAsync<DateOnly>(MetricLakeTable.Date, ct);
    public Task<string?[]> MetricsAsync(CancellationToken ct = default) => TextAsync(MetricLakeTable.Metric, ct);
    public Task<decimal[]> MetricValuesAsync(CancellationToken ct = default) => ValuesAsync<decimal>(MetricLakeTable.Value, ct);

    /// <summary>The readings themselves (partner, date, metric name, value).</summary>
    public async Task<MetricReading[]> ReadingsAsync(CancellationToken ct = default)
    {
        var partner = await PartnerIdsAsync(ct);
        var date = await DatesAsync(ct);
        var metric = await MetricsAsync(ct);
        var value = await MetricValuesAsync(ct);
        var readings = new MetricReading[Count];
        for (var i = 0; i < readings.Length; i++) readings[i] = new MetricReading(partner[i]!, date[i], metric[i]!, value[i]);
        return readings;
    }
}
