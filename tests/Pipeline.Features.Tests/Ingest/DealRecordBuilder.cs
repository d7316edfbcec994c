using Pipeline.Domain.Ingest;

namespace Pipeline.Features.Tests.Ingest;

/// <summary>Builds a raw deals record that is valid unless a test changes a column.</summary>
internal sealed class DealRecordBuilder
{
    private readonly Dictionary<string, string?> _values = new()
    {
        [DealColumns.DealId] = "D-1",
        [DealColumns.CloseDate] = "2026-07-10",
        [DealColumns.CustomerId] = "C-1",
        [DealColumns.Product] = "Widget",
        [DealColumns.Quantity] = "2",
        [DealColumns.ListAmount] = "100.00",
        [DealColumns.NetAmount] = "90.00",
        [DealColumns.Currency] = "USD",
        [DealColumns.Status] = "won",
        [DealColumns.RefundDate] = null,
    };

    private long _line = 2;

    public DealRecordBuilder With(string column, string? value)
    {
        _values[column] = value;
        return this;
    }

    public DealRecordBuilder AtLine(long line)
    {
        _line = line;
        return this;
    }

    public RawRecord Build() => new(_line, RecordSchema.Deals.Columns.Select(c => _values[c]).ToArray());
}
