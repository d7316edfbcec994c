using Parquet.Schema;
using Parquet;
using Pipeline.Domain.Deals;
using Pipeline.Domain.Ingest;
using Pipeline.Domain;
using Pipeline.Ingest;

namespace Pipeline.Ingest.Lake;

/// <summary>
/// The <c>deals</c> table: one row per accepted deal, with its drop's lineage (drop_id, partner_id, line,
/// received_at) so that "the current deals of a quarter" is the latest received row per (partner_id, deal_id).
/// Money is DECIMAL(18,2), dates DATE, received_at a UTC TIMESTAMP (microseconds).
/// </summary>
public sealed class DealLakeTable : LakeTable<DealRow>
{
    public static readonly DealLakeTable Instance = new();

    internal static readonly DataField<string> DropId = new("drop_id", false);
    internal static readonly DataField<string> PartnerId = new("partner_id", false);
    internal static readonly DataField<string> QuarterField = new("quarter", false);
    internal static readonly DataField<long> Line = new("line", false);
    internal static readonly DataField<string> DealId = new("deal_id", false);
    internal static readonly DataField<DateOnly> CloseDate = new("close_date", false);
    internal static readonly DataField<string> CustomerId = new("customer_id", true);
    internal static readonly DataField<string> Product = new("product", true);
    internal static readonly DataField<int> Quantity = new("quantity", false);
    internal static readonly DecimalDataField ListAmount = new("list_amount", 18, 2, false, false);
    internal static readonly DecimalDataField NetAmount = new("net_amount", 18, 2, false, false);
    internal static readonly DataField<string> Currency = new("currency", false);
    internal static readonly DecimalDataField UsdPerUnit = new("usd_per_unit", 18, 8, false, false);
    internal static readonly DecimalDataField UsdList = new("usd_list", 18, 2, false, false);
    internal static readonly DecimalDataField UsdNet = new("usd_net", 18, 2, false, false);
    internal static readonly DataField<string> Status = new("status", false);
    internal static readonly DataField<DateOnly?> RefundDate = new("refund_date", true);
    internal static readonly DateTimeDataField ReceivedAt = new("received_at", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: false);

    private static readonly ParquetSchema ParquetSchema = new(
        DropId, PartnerId, QuarterField, Line, DealId, CloseDate, CustomerId, Product, Quantity,
        ListAmount, NetAmount, Currency, UsdPerUnit, UsdList, UsdNet, Status, RefundDate, ReceivedAt);

    public override string Name => "deals";
    public override ParquetSchema Schema => ParquetSchema;
    public override string TotalColumn => "usd_net";
    public override IReadOnlySet<string> DistinctTextColumns => Distinct;
    private static readonly HashSet<string> Distinct = ["deal_id"];
    public override Quarter QuarterOf(DealRow row) => row.Quarter;
    public override decimal TotalOf(DealRow row) => row.UsdNet;

    internal override RowBatch<DealRow> NewBatch(DropContext drop) => new Batch(drop);

    // String columns are held as ReadOnlyMemory<char>: Parquet.Net's string[] overload converts every value
    // to that on each row group, which allocated ~13 MB per 100,000 rows.
    private sealed class Batch(DropContext drop) : RowBatch<DealRow>
    {
        private long[] _line = [];
        private ReadOnlyMemory<char>?[] _dealId = [];
        private DateOnly[] _closeDate = [];
        private ReadOnlyMemory<char>?[] _customerId = [];
        private ReadOnlyMemory<char>?[] _product = [];
        private int[] _quantity = [];
        private decimal[] _list = [];
        private decimal[] _net = [];
        private ReadOnlyMemory<char>?[] _currency = [];
        private decimal[] _rate = [];
        private decimal[] _usdList = [];
        private decimal[] _usdNet = [];
        private ReadOnlyMemory<char>?[] _status = [];
        private DateOnly?[] _refundDate = [];
        private ReadOnlyMemory<char>?[] _constant = [];
        private DateTime[] _receivedAt = [];
        private readonly TextArena _ids = new();

        protected override void OnClear() => _ids.Reset();

        protected override void Grow(int capacity)
        {
            Resize(ref _line, capacity); Resize(ref _dealId, capacity); Resize(ref _closeDate, capacity);
            Resize(ref _customerId, capacity); Resize(ref _product, capacity); Resize(ref _quantity, capacity);
            Resize(ref _list, capacity); Resize(ref _net, capacity); Resize(ref _currency, capacity);
            Resize(ref _rate, capacity); Resize(ref _usdList, capacity); Resize(ref _usdNet, capacity);
            Resize(ref _status, capacity); Resize(ref _refundDate, capacity); Resize(ref _constant, capacity);
            Resize(ref _receivedAt, capacity);
        }

        protected override void Set(int i, long line, DealRow row)
        {
            _line[i] = line;
            _dealId[i] = _ids.Keep(row.DealId);
            _closeDate[i] = row.CloseDate;
            _customerId[i] = row.CustomerId?.AsMemory();
            _product[i] = row.Product?.AsMemory();
            _quantity[i] = row.Quantity;
            _list[i] = row.ListAmount;
            _net[i] = row.NetAmount;
            _currency[i] = row.Currency.AsMemory();
            _rate[i] = row.UsdPerUnit;
            _usdList[i] = row.UsdList;
            _usdNet[i] = row.UsdNet;
            _status[i] = DealStatuses.Name(row.Status).AsMemory();
            _refundDate[i] = row.RefundDate;
        }

        public override async Task WriteAsync(ParquetRowGroupWriter rg, Quarter quarter, CancellationToken ct)
        {
            var n = Count;
            await rg.WriteAsync<ReadOnlyMemory<char>>(DropId, Repeat(drop.DropId, n), cancellationToken: ct);
            await rg.WriteAsync<ReadOnlyMemory<char>>(PartnerId, Repeat(drop.PartnerId, n), cancellationToken: ct);
            await rg.WriteAsync<ReadOnlyMemory<char>>(QuarterField, Repeat(quarter.ToString(), n), cancellationToken: ct);
            await rg.WriteAsync<long>(Line, _line.AsMemory(0, n), cancellationToken: ct);
            await rg.WriteAsync<ReadOnlyMemory<char>>(DealId, _dealId.AsMemory(0, n), cancellationToken: ct);
            await rg.WriteAsync<DateOnly>(CloseDate, _closeDate.AsMemory(0, n), cancellationToken: ct);
            await rg.WriteAsync<ReadOnlyMemory<char>>(CustomerId, _customerId.AsMemory(0, n), cancellationToken: ct);
            await rg.WriteAsync<ReadOnlyMemory<char>>(Product, _product.AsMemory(0, n), cancellationToken: ct);
            await rg.WriteAsync<int>(Quantity, _quantity.AsMemory(0, n), cancellationToken: ct);
            await rg.WriteAsync<decimal>(ListAmount, _list.AsMemory(0, n), cancellationToken: ct);
            await rg.WriteAsync<decimal>(NetAmount, _net.AsMemory(0, n), cancellationToken: ct);
            await rg.WriteAsync<ReadOnlyMemory<char>>(Currency, _currency.AsMemory(0, n), cancellationToken: ct);
            await rg.WriteAsync<decimal>(UsdPerUnit, _rate.AsMemory(0, n), cancellationToken: ct);
            await rg.WriteAsync<decimal>(UsdList, _usdList.AsMemory(0, n), cancellationToken: ct);
            await rg.WriteAsync<decimal>(UsdNet, _usdNet.AsMemory(0, n), cancellationToken: ct);
            await rg.WriteAsync<ReadOnlyMemory<char>>(Status, _status.AsMemory(0, n), cancellationToken: ct);
            await rg.WriteAsync<DateOnly>(RefundDate, (ReadOnlyMemory<DateOnly?>)_refundDate.AsMemory(0, n), cancellationToken: ct);
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
