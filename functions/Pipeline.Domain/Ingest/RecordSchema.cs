namespace Pipeline.Domain.Ingest;

/// <summary>
/// The columns a kind of file has, in a fixed order: readers hand the normalisers each record's values
/// in this order (<see cref="RawRecord.Values"/>), whatever the order or spelling of the file's header.
/// </summary>
public sealed class RecordSchema
{
    private RecordSchema(string name, string[] columns, string[] required)
    {
        Name = name;
        Columns = columns;
        Required = required;
    }

    /// <summary>What the file is, as a partner reads it in a message ("deals file").</summary>
    public string Name { get; }

    /// <summary>Canonical column names (snake_case, as docs/program.md writes them).</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Columns without which the file is rejected as a whole.</summary>
    public IReadOnlyList<string> Required { get; }

    public int IndexOf(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i] == column) return i;
        }
        return -1;
    }

    // customer_id and product are optional: the drop format lists them but no rule depends on them.
    // currency and status have defaults (USD, won), refund_date is only needed for refunds.
    public static readonly RecordSchema Deals = new(
        "deals file",
        [DealColumns.DealId, DealColumns.CloseDate, DealColumns.CustomerId, DealColumns.Product, DealColumns.Quantity,
         DealColumns.ListAmount, DealColumns.NetAmount, DealColumns.Currency, DealColumns.Status, DealColumns.RefundDate],
        [DealColumns.DealId, DealColumns.CloseDate, DealColumns.Quantity, DealColumns.ListAmount, DealColumns.NetAmount]);

    public static readonly RecordSchema Metrics = new(
        "metrics file",
        [MetricColumns.Date, MetricColumns.Metric, MetricColumns.Value],
        [MetricColumns.Date, MetricColumns.Metric, MetricColumns.Value]);

    public static readonly RecordSchema Partners = new(
        "partner registry",
        ["partner_id", "name", "type", "base_fee", "quarterly_target", "joined", "status"],
        ["partner_id", "name", "type", "base_fee", "quarterly_target", "joined", "status"]);

    public static readonly RecordSchema FxRates = new(
        "FX rates file",
        ["date", "currency", "usd_per_unit"],
        ["date", "currency", "usd_per_unit"]);

    public static RecordSchema For(DropKind kind) => kind == DropKind.Deals ? Deals : Metrics;
}

/// <summary>Column names of a deals file.</summary>
public static class DealColumns
{
    public const string DealId = "deal_id";
    public const string CloseDate = "close_date";
    public const string CustomerId = "customer_id";
    public const string Product = "product";
    public const string Quantity = "quantity";
    public const string ListAmount = "list_amount";
    public const string NetAmount = "net_amount";
    public const string Currency = "currency";
    public const string Status = "status";
    public const string RefundDate = "refund_date";

    // Positions in RecordSchema.Deals.Columns, for the hot path.
    public const int DealIdIx = 0, CloseDateIx = 1, CustomerIdIx = 2, ProductIx = 3, QuantityIx = 4,
        ListAmountIx = 5, NetAmountIx = 6, CurrencyIx = 7, StatusIx = 8, RefundDateIx = 9;
}

/// <summary>Column names of a metrics file.</summary>
public static class MetricColumns
{
    public const string Date = "date";
    public const string Metric = "metric";
    public const string Value = "value";
}
