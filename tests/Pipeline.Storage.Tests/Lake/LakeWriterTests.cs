using System.Globalization;
using System.Text;
using Pipeline.Domain;
using Pipeline.Storage.Lake;
using Xunit;

namespace Pipeline.Storage.Tests.Lake;

public sealed class LakeWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lake-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static byte[] DealsCsv(int rows, Func<int, string>? closeDate = null)
    {
        var sb = new StringBuilder("deal_id,close_date,customer_id,product,quantity,list_amount,net_amount,currency,status,refund_date\n");
        for (var i = 0; i < rows; i++)
        {
            var date = closeDate?.Invoke(i) ?? "2026-07-10";
            var currency = i % 3 == 0 ? "EUR" : "USD";
            var status = i % 10 == 0 ? "refunded,2026-09-01" : "won,";
            sb.Append(CultureInfo.InvariantCulture, $"D-{i},{date},C-{i % 7},Widget,{1 + i % 4},{100 + i}.50,{90 + i}.25,{currency},{status}\n");
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    [Fact]
    public async Task DuckDB_reads_the_deals_file_with_decimal_date_and_utc_timestamp_types_and_the_reported_count_and_sum()
    {
        var result = await IngestHarness.DealsAsync(DealsCsv(2500), lakeDirectory: _dir, options: new LakeWriterOptions { RowGroupSize = 1000 });

        Assert.Equal(2500, result.Outcome.RowsAccepted);
        var file = Assert.Single(result.Files);
        Assert.Equal("deals/quarter=2026Q3/acme-drop-0001.parquet", file.BlobName);
        var path = Path.Combine(_dir, file.BlobName);

        var types = DuckDb.Describe(path);
        Assert.Equal("DECIMAL(18,2)", types["net_amount"]);
        Assert.Equal("DECIMAL(18,2)", types["list_amount"]);
        Assert.Equal("DECIMAL(18,2)", types["usd_net"]);
        Assert.Equal("DECIMAL(18,8)", types["usd_per_unit"]);
        Assert.Equal("DATE", types["close_date"]);
        Assert.Equal("DATE", types["refund_date"]);
        Assert.Equal("TIMESTAMP WITH TIME ZONE", types["received_at"]);
        Assert.Equal("VARCHAR", types["deal_id"]);
        Assert.Equal("INTEGER", types["quantity"]);

        var row = DuckDb.Query($"SELECT count(*), sum(usd_net), sum(net_amount), count(DISTINCT drop_id), min(partner_id), min(quarter), count(refund_date) FROM read_parquet('{path}')")[0];
        Assert.Equal(2500L, Convert.ToInt64(row[0], CultureInfo.InvariantCulture));
        Assert.Equal(file.Total, (decimal)row[1]!);
        Assert.Equal(result.Accepted.Sum(d => d.UsdNet), (decimal)row[1]!);
        Assert.Equal(result.Accepted.Sum(d => d.NetAmount), (decimal)row[2]!);
        Assert.Equal(1L, Convert.ToInt64(row[3], CultureInfo.InvariantCulture));
        Assert.Equal("acme", row[4]);
        Assert.Equal("2026Q3", row[5]);
        Assert.Equal(250L, Convert.ToInt64(row[6], CultureInfo.InvariantCulture));

        var first = DuckDb.Query($"SELECT deal_id, close_date, net_amount, usd_net, currency, received_at, line FROM read_parquet('{path}') WHERE deal_id = 'D-0'")[0];
        Assert.Equal(90.25m, first[2]);
        Assert.Equal(Money.Cents(90.25m * 1.20m), first[3]);
        Assert.Equal("EUR", first[4]);
        Assert.Equal(IngestHarness.ReceivedAt, new DateTimeOffset(Convert.ToDateTime(first[5], CultureInfo.InvariantCulture).ToUniversalTime()));
        Assert.Equal(2L, first[6]);
    }
}
