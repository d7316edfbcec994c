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

    public static readonly DataField<string> DropId = LakeColumns.DropId;
    public static readonly DataField<string> PartnerId = LakeColumns.PartnerId;
    public static readonly DataField<string> QuarterField = LakeColumns.QuarterField;
    public static readonly DataField<long> Line = LakeColumns.Line;
    public static readonly DataField<string> DealId = new("deal_id", false);
    public static readonly DataField<DateOnly> CloseDate = new("close_date", false);
    public static readonly DataField<string> CustomerId = new("customer_id", true);
    public static readonly DataField<string> Product = new("product", true);
    public static readonly DataField<int> Quantity = new("quantity", false);
    public static readonly DecimalDataField ListAmount = new("list_amount", 18, 2, false, false);
    public static readonly DecimalDataField NetAmount = new("net_amount", 18, 2, false, false);
    public static readonly DataField<string> Currency = new("currency", false);
    public static readonly DecimalDataField UsdPerUnit = new("usd_per_unit", 18, 8, false, false);
    public static readonly DecimalDataField UsdList = new("usd_list", 18, 2, false, false);
    public static readonly DecimalDataField UsdNet = new("usd_net", 18, 2, false, false);
    public static readonly DataField<string> Status = new("status", false);
    public static readonly DataField<DateOnly?> RefundDate = new("refund_date", true);
    public static readonly DateTimeDataField ReceivedAt = LakeColumns.ReceivedAt;

    private static readonly ParquetSchema ParquetSchema = new(
        DropId, PartnerId, QuarterField, Line, DealId, CloseDate, CustomerId, Product, Quantity,
        ListAmount, NetAmount, Currency, UsdPerUnit, UsdList, UsdNet, Status, RefundDate, ReceivedAt);

    /// <summary>A <c>status</c> value read back (written with <see cref="DealStatuses.Name"/>): anything but
    /// <see cref="DealStatuses.Refunded"/> is a won deal.</summary>
    public static DealStatus StatusOf(string? text) => text == DealStatuses.Refunded ? DealStatus.Refunded : DealStatus.Won;

    /// <summary>The row groups of a deals file; each reads only the columns asked for.</summary>
    public static IAsyncEnumerable<DealRowGroup> ReadAsync(Stream stream, CancellationToken cancellationToken = default) =>
        DealRowGroup.ReadAsync(stream, Instance.Name, ParquetSchema, cancellationToken);

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
    private sealed class Batch(DropContext drop) : RowBatch<DealRow>(drop)
    {
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
        private readonly TextArena _ids = new();

        protected override void OnClear() => _ids.Reset();

        protected override void Grow(int capacity)
        {
            Resize(ref _dealId, capacity); Resize(ref _closeDate, capacity);
            Resize(ref _customerId, capacity); Resize(ref _product, capacity); Resize(ref _quantity, capacity);
            Resize(ref _list, capacity); Resize(ref _net, capacity); Resize(ref _currency, capacity);
            Resize(ref _rate, capacity); Resize(ref _usdList, capacity); Resize(ref _usdNet, capacity);
            Resize(ref _status, capacity); Resize(ref _refundDate, capacity);
        }

        protected override void Set(int i, DealRow row)
        {
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

        protected override async Task WriteColumnsAsync(ParquetRowGroupWriter rg, int n, CancellationToken ct)
        {
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
        }
    }
}

/// <summary>One row group of a <c>deals</c> file, each column typed as <see cref="DealLakeTable"/> writes it.</summary>
public sealed class DealRowGroup : LakeRowGroup
{
    private DealRowGroup(ParquetRowGroupReader rowGroup, IReadOnlyDictionary<string, DataField> fileFields)
        : base(rowGroup, fileFields)
    {
    }

    internal static IAsyncEnumerable<DealRowGroup> ReadAsync(Stream stream, string table, ParquetSchema schema, CancellationToken ct) =>
        ReadAsync(stream, table, schema, (rg, fields) => new DealRowGroup(rg, fields), ct);

    public Task<string?[]> DealIdsAsync(CancellationToken ct = default) => TextAsync(DealLakeTable.DealId, ct);
    public Task<DateOnly[]> CloseDatesAsync(CancellationToken ct = default) => ValuesAsync<DateOnly>(DealLakeTable.CloseDate, ct);
    public Task<string?[]> CustomerIdsAsync(CancellationToken ct = default) => TextAsync(DealLakeTable.CustomerId, ct);
    public Task<string?[]> ProductsAsync(CancellationToken ct = default) => TextAsync(DealLakeTable.Product, ct);
    public Task<int[]> QuantitiesAsync(CancellationToken ct = default) => ValuesAsync<int>(DealLakeTable.Quantity, ct);
    public Task<decimal[]> ListAmountsAsync(CancellationToken ct = default) => ValuesAsync<decimal>(DealLakeTable.ListAmount, ct);
    public Task<decimal[]> NetAmountsAsync(CancellationToken ct = default) => ValuesAsync<decimal>(DealLakeTable.NetAmount, ct);
    public Task<string?[]> CurrenciesAsync(CancellationToken ct = default) => TextAsync(DealLakeTable.Currency, ct);
    public Task<decimal[]> UsdPerUnitAsync(CancellationToken ct = default) => ValuesAsync<decimal>(DealLakeTable.UsdPerUnit, ct);
    public Task<decimal[]> UsdListsAsync(CancellationToken ct = default) => ValuesAsync<decimal>(DealLakeTable.UsdList, ct);
    public Task<decimal[]> UsdNetsAsync(CancellationToken ct = default) => ValuesAsync<decimal>(DealLakeTable.UsdNet, ct);
    public Task<DateOnly?[]> RefundDatesAsync(CancellationToken ct = default) => NullablesAsync<DateOnly>(DealLakeTable.RefundDate, ct);

    /// <summary>The status column as written (<see cref="DealLakeTable.StatusOf"/> reads one).</summary>
    public Task<string?[]> StatusTextsAsync(CancellationToken ct = default) => TextAsync(DealLakeTable.Status, ct);

    public async Task<DealStatus[]> StatusesAsync(CancellationToken ct = default)
    {
        var text = await TextAsync(DealLakeTable.Status, ct);
        var statuses = new DealStatus[text.Length];
        for (var i = 0; i < text.Length; i++) statuses[i] = DealLakeTable.StatusOf(text[i]);
        return statuses;
    }

    /// <summary>The deals themselves (the columns a <see cref="NormalisedDeal"/> holds; a missing product reads as empty).</summary>
    public async Task<NormalisedDeal[]> DealsAsync(CancellationToken ct = default)
    {
        var partner = await PartnerIdsAsync(ct);
        var dealId = await DealIdsAsync(ct);
        var close = await CloseDatesAsync(ct);
        var product = await ProductsAsync(ct);
        var quantity = await QuantitiesAsync(ct);
        var list = await ListAmountsAsync(ct);
        var net = await NetAmountsAsync(ct);
        var currency = await CurrenciesAsync(ct);
        var usdList = await UsdListsAsync(ct);
        var usdNet = await UsdNetsAsync(ct);
        var status = await StatusesAsync(ct);
        var refund = await RefundDatesAsync(ct);
        var deals = new NormalisedDeal[Count];
        for (var i = 0; i < deals.Length; i++)
        {
            deals[i] = new NormalisedDeal(dealId[i]!, partner[i]!, close[i], product[i] ?? "", quantity[i], list[i], net[i], currency[i]!,
                usdNet[i], usdList[i], status[i], refund[i]);
        }

        return deals;
    }
}
