using Parquet;
using Parquet.Schema;
using Pipeline.Domain;
using Pipeline.Domain.Deals;
using Pipeline.Domain.Ingest;
using Pipeline.Ingest.Lake;
using Xunit;

namespace Pipeline.Features.Tests.Lake;

/// <summary>What the lake writer writes, the lake tables' own readers read back, column by column.</summary>
public sealed class LakeReadTests
{
    private static readonly Quarter Q = Quarter.Parse("2026Q3");

    private static DealRow Deal(int i)
    {
        var refunded = i % 10 == 3;
        var rate = i % 3 == 0 ? 1.08765432m : 1m;
        var net = 90m + i + (i % 100) / 100m;
        var list = net + 10.01m;
        return new DealRow($"D-{i:D5}", "acme", new DateOnly(2026, 7, 1).AddDays(i % 90),
            i % 5 == 0 ? null : $"C-{i % 7}", i % 7 == 0 ? null : $"Product {i % 4}", 1 + i % 4, list, net, i % 3 == 0 ? "EUR" : "USD",
            rate, Money.Cents(list * rate), Money.Cents(net * rate), refunded ? DealStatus.Refunded : DealStatus.Won,
            refunded ? new DateOnly(2026, 9, 1).AddDays(i % 20) : null);
    }

    private static async Task<byte[]> WriteAsync<TRow>(LakeTable<TRow> table, IReadOnlyList<TRow> rows, int rowGroupSize)
    {
        var streams = new Dictionary<string, MemoryStream>();
        await using (var writer = new LakeWriter<TRow>(table, IngestHarness.Drop, (blob, _) => streams[blob] = new MemoryStream(),
            new LakeWriterOptions { RowGroupSize = rowGroupSize }))
        {
            for (var i = 0; i < rows.Count; i++) await writer.AddAsync(i + 2, rows[i]);
            await writer.CompleteAsync();
        }

        return Assert.Single(streams).Value.ToArray();
    }

    [Fact]
    public async Task Every_deals_column_reads_back_as_written_including_nulls_and_decimals_across_row_groups()
    {
        var rows = Enumerable.Range(0, 2500).Select(Deal).ToList();
        var bytes = await WriteAsync(DealLakeTable.Instance, rows, rowGroupSize: 1000);

        var groups = 0;
        var at = 0;
        await foreach (var rg in DealLakeTable.ReadAsync(new MemoryStream(bytes)))
        {
            groups++;
            var expected = rows.Skip(at).Take(rg.Count).ToList();
            Assert.Equal(Enumerable.Repeat("drop-0001", rg.Count), await rg.DropIdsAsync());
            Assert.Equal(Enumerable.Repeat("acme", rg.Count), await rg.PartnerIdsAsync());
            Assert.Equal(Enumerable.Repeat(Q.ToString(), rg.Count), await rg.QuartersAsync());
            Assert.Equal(Enumerable.Range(at + 2, rg.Count).Select(l => (long)l), await rg.LinesAsync());
            Assert.Equal(expected.Select(d => d.DealId), await rg.DealIdsAsync());
            Assert.Equal(expected.Select(d => d.CloseDate), await rg.CloseDatesAsync());
            Assert.Equal(expected.Select(d => d.CustomerId), await rg.CustomerIdsAsync());
            Assert.Equal(expected.Select(d => d.Product), await rg.ProductsAsync());
            Assert.Equal(expected.Select(d => d.Quantity), await rg.QuantitiesAsync());
            Assert.Equal(expected.Select(d => d.ListAmount), await rg.ListAmountsAsync());
            Assert.Equal(expected.Select(d => d.NetAmount), await rg.NetAmountsAsync());
            Assert.Equal(expected.Select(d => d.Currency), await rg.CurrenciesAsync());
            Assert.Equal(expected.Select(d => d.UsdPerUnit), await rg.UsdPerUnitAsync());
            Assert.Equal(expected.Select(d => d.UsdList), await rg.UsdListsAsync());
            Assert.Equal(expected.Select(d => d.UsdNet), await rg.UsdNetsAsync());
            Assert.Equal(expected.Select(d => d.Status), await rg.StatusesAsync());
            Assert.Equal(expected.Select(d => d.RefundDate), await rg.RefundDatesAsync());
            Assert.Equal(Enumerable.Repeat(IngestHarness.ReceivedAt, rg.Count), await rg.ReceivedAtAsync());
            Assert.Equal(expected.Select(d => d.ToNormalisedDeal()), await rg.DealsAsync());
            at += rg.Count;
        }

        Assert.Equal(3, groups);
        Assert.Equal(rows.Count, at);
        Assert.Contains(rows, d => d.CustomerId is null);
        Assert.Contains(rows, d => d.Product is null);
        Assert.Contains(rows, d => d.RefundDate is not null);
        Assert.Contains(rows, d => d.UsdPerUnit != Math.Round(d.UsdPerUnit, 2));
    }

    [Fact]
    public async Task Every_metrics_column_reads_back_as_written()
    {
        var rows = Enumerable.Range(0, 1500)
            .Select(i => new MetricRow("acme", new DateOnly(2026, 7, 1).AddDays(i % 60), MetricKinds.All[i % MetricKinds.All.Count], i % 2 == 0 ? 0.123456m + i / 1000m : 4.5m + i))
            .ToList();
        var bytes = await WriteAsync(MetricLakeTable.Instance, rows, rowGroupSize: 1000);

        var at = 0;
        await foreach (var rg in MetricLakeTable.ReadAsync(new MemoryStream(bytes)))
        {
            var expected = rows.Skip(at).Take(rg.Count).ToList();
            Assert.Equal(Enumerable.Repeat("drop-0001", rg.Count), await rg.DropIdsAsync());
            Assert.Equal(Enumerable.Repeat("acme", rg.Count), await rg.PartnerIdsAsync());
            Assert.Equal(Enumerable.Repeat(Q.ToString(), rg.Count), await rg.QuartersAsync());
            Assert.Equal(Enumerable.Range(at + 2, rg.Count).Select(l => (long)l), await rg.LinesAsync());
            Assert.Equal(expected.Select(m => m.Date), await rg.DatesAsync());
            Assert.Equal(expected.Select(m => m.Metric.Name()), await rg.MetricsAsync());
            Assert.Equal(expected.Select(m => m.Value), await rg.MetricValuesAsync());
            Assert.Equal(Enumerable.Repeat(IngestHarness.ReceivedAt, rg.Count), await rg.ReceivedAtAsync());
            Assert.Equal(expected.Select(m => (m.PartnerId, m.Date, m.Metric.Name(), m.Value)),
                (await rg.ReadingsAsync()).Select(r => (r.PartnerId, r.Date, r.Metric, r.Value)));
            at += rg.Count;
        }

        Assert.Equal(rows.Count, at);
    }

    [Fact]
    public async Task A_file_without_a_column_of_the_table_is_refused_by_name()
    {
        var stream = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(DealLakeTable.DropId), stream))
        {
            using var rg = writer.CreateRowGroup();
            await rg.WriteAsync<ReadOnlyMemory<char>>(DealLakeTable.DropId, new ReadOnlyMemory<char>?[] { "drop-0001".AsMemory() }.AsMemory());
        }

        var error = await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            await foreach (var _ in DealLakeTable.ReadAsync(new MemoryStream(stream.ToArray())))
            {
            }
        });
        Assert.Contains("partner_id", error.Message, StringComparison.Ordinal);
    }
}
