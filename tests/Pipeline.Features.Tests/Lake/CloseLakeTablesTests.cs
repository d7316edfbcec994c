using Parquet;
using Pipeline.Close;
using Xunit;
using static Pipeline.Close.CloseLakeTables;

namespace Pipeline.Features.Tests.Lake;

public sealed class CloseLakeTablesTests
{
    [Fact]
    public async Task A_published_table_is_written_with_its_schema_and_its_columns_in_order()
    {
        var at = new DateTimeOffset(2026, 10, 2, 8, 0, 0, TimeSpan.Zero);
        var bytes = await new ParquetTable(Decisions.Schema, 1)
            .Text(Decisions.Quarter, ["2026Q3"]).Text(Decisions.DecisionId, ["d-1"]).Text(Decisions.PartnerId, ["acme"]).Text(Decisions.Action, ["hold"])
            .Decimal(Decisions.Amount, [12.345m]).Text(Decisions.Reason, ["check"]).Text(Decisions.DecidedBy, ["finance"]).Timestamp(Decisions.DecidedAt, [at])
            .ToBytesAsync();

        await using var reader = await ParquetReader.CreateAsync(new MemoryStream(bytes));
        Assert.Equal(Decisions.Schema.GetDataFields().Select(f => f.Name), reader.Schema.GetDataFields().Select(f => f.Name));
        var amount = new decimal[1];
        using var rg = reader.OpenRowGroupReader(0);
        await rg.ReadAsync<decimal>(reader.Schema.GetDataFields()[4], amount.AsMemory(), null);
        Assert.Equal(12.35m, amount[0]);
    }

    [Fact]
    public void A_column_out_of_the_schema_order_or_of_another_table_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new ParquetTable(Decisions.Schema, 1).Text(Decisions.PartnerId, ["acme"]));
        Assert.Throws<ArgumentException>(() => new ParquetTable(Decisions.Schema, 1).Text(Payouts.Quarter, ["2026Q3"]));
    }

    [Fact]
    public async Task A_table_missing_columns_is_not_written()
    {
        var table = new ParquetTable(PayoutLines.Schema, 1).Text(PayoutLines.Quarter, ["2026Q3"]);
        await Assert.ThrowsAsync<InvalidOperationException>(() => table.ToBytesAsync());
    }
}
