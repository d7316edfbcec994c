using Parquet;
using Parquet.Schema;
using Pipeline.Domain;
using Pipeline.Domain.Ingest;
using Pipeline.Storage.Ingest;

namespace Pipeline.Storage.Lake;

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
    public override Quarter QuarterOf(DealRow row) => row.Quarter;
    public override decimal TotalOf(DealRow row) => row.UsdNet;

    internal override RowBatch<DealRow> NewBatch(DropContext drop) => new Batch(drop);

    private sealed class Batch(DropContext drop) : RowBatch<DealRow>
    {
        private long[] _line = [];
        private string[] _dealId = [];
        private DateOnly[] _closeDate = [];
        private string?[] _customerId = [];
        private string?[] _product = [];
        private int[] _quantity = [];
        private decimal[] _list = [];
        private decimal[] _net = [];
        private string[] _currency = [];
        private decimal[] _rate = [];
        private decimal[] _usdList = [];
        private decimal[] _usdNet = [];
        private string[] _status = [];
        private DateOnly?[] _refundDate = [];
        private string[] _constant = [];
        private DateTime[] _receivedAt = [];

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
            _dealId[i] = row.DealId;
            _closeDate[i] = row.CloseDate;
            _customerId[i] = row.CustomerId;
            _product[i] = row.Product;
            _quantity[i] = row.Quantity;
            _list[i] = row.ListAmount;
            _net[i] = row.NetAmount;
            _currency[i] = row.Currency;
            _rate[i] = row.UsdPerUnit;
            _usdList[i] = row.UsdList;
            _usdNet[i] = row.UsdNet;
            _status[i] = row.Status == DealStatus.Refunded ? "refunded" : "won";
            _refundDate[i] = row.RefundDate;
        }

        public override async Task WriteAsync(ParquetRowGroupWriter rg, Quarter quarter, CancellationToken ct)
        {
            var n = Count;
            await rg.WriteAsync(DropId, Repeat(drop.DropId, n));
            await rg.WriteAsync(PartnerId, Repeat(drop.PartnerId, n));
            await rg.WriteAsync(QuarterField, Repeat(quarter.ToString(), n));
            await rg.WriteAsync<long>(Line, _line.AsMemory(0, n), cancellationToken: ct);
            await rg.WriteAsync(DealId, new ArraySegment<string>(_dealId, 0, n));
            await rg.WriteAsync<DateOnly>(CloseDate, _closeDate.AsMemory(0, n), cancellationToken: ct);
            await rg.WriteAsync(CustomerId, new ArraySegment<string>(_customerId!, 0, n));
            await rg.WriteAsync(Product, new ArraySegment<string>(_product!, 0, n));
            await rg.WriteAsync<int>(Quantity, _quantity.AsMemory(0, n), cancellationToken: ct);
            await rg.WriteAsync<decimal>(ListAmount, _list.AsMemory(0, n), cancellationToken: ct);
            await rg.WriteAsync<decimal>(NetAmount, _net.AsMemory(0, n), cancellationToken: ct);
            await rg.WriteAsync(Currency, new ArraySegment<string>(_currency, 0, n));
            await rg.WriteAsync<decimal>(UsdPerUnit, _rate.AsMemory(0, n), cancellationToken: ct);
            await rg.WriteAsync<decimal>(UsdList, _usdList.AsMemory(0, n), cancellationToken: ct);
            await rg.WriteAsync<decimal>(UsdNet, _usdNet.AsMemory(0, n), cancellationToken: ct);
            await rg.WriteAsync(Status, new ArraySegment<string>(_status, 0, n));
            await rg.WriteAsync<DateOnly>(RefundDate, (ReadOnlyMemory<DateOnly?>)_refundDate.AsMemory(0, n), cancellationToken: ct);
            Array.Fill(_receivedAt, drop.ReceivedAt.UtcDateTime, 0, n);
            await rg.WriteAsync<DateTime>(ReceivedAt, _receivedAt.AsMemory(0, n), cancellationToken: ct);
        }

        private ArraySegment<string> Repeat(string value, int n)
        {
            Array.Fill(_constant, value, 0, n);
            return new ArraySegment<string>(_constant, 0, n);
        }
    }
}
