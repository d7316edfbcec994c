using System.Globalization;
using System.Text;
using Pipeline.Domain;
using Pipeline.Ingest.Lake;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Features.Tests.Lake;

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

    [Fact]
    public async Task Repeated_text_columns_are_dictionary_encoded_and_deal_ids_are_not()
    {
        var result = await IngestHarness.DealsAsync(DealsCsv(3000), lakeDirectory: _dir, options: new LakeWriterOptions { RowGroupSize = 1000 });
        var path = Path.Combine(_dir, Assert.Single(result.Files).BlobName);

        var encodings = DuckDb.Query($"SELECT path_in_schema, string_agg(DISTINCT encodings, ',') FROM parquet_metadata('{path}') GROUP BY ALL")
            .ToDictionary(r => (string)r[0]!, r => (string)r[1]!);
        foreach (var column in new[] { "drop_id", "partner_id", "quarter", "customer_id", "product", "currency", "status" })
        {
            Assert.Contains("DICTIONARY", encodings[column], StringComparison.Ordinal);
        }
        Assert.DoesNotContain("DICTIONARY", encodings["deal_id"], StringComparison.Ordinal);
        Assert.Equal(3000L, Convert.ToInt64(DuckDb.Query($"SELECT count(DISTINCT deal_id) FROM read_parquet('{path}') WHERE drop_id = 'drop-0001' AND currency IN ('EUR', 'USD')")[0][0], CultureInfo.InvariantCulture));
    }
}

public sealed class LakeWriterLayoutTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lake-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static byte[] Deals(int rows, params string[] dates)
    {
        var sb = new StringBuilder("deal_id,close_date,quantity,list_amount,net_amount,currency\n");
        for (var i = 0; i < rows; i++) sb.Append(CultureInfo.InvariantCulture, $"D-{i},{dates[i % dates.Length]},1,{i}.10,{i}.05,{(i % 2 == 0 ? "GBP" : "USD")}\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    [Fact]
    public async Task The_same_rows_give_byte_identical_files()
    {
        var a = await IngestHarness.DealsAsync(Deals(3000, "2026-07-01", "2026-04-15"), options: new LakeWriterOptions { RowGroupSize = 500 });
        var b = await IngestHarness.DealsAsync(Deals(3000, "2026-07-01", "2026-04-15"), options: new LakeWriterOptions { RowGroupSize = 500 });
        Assert.Equal(2, a.LakeBytes.Count);
        foreach (var (blob, bytes) in a.LakeBytes) Assert.Equal(bytes, b.LakeBytes[blob]);
    }

    [Fact]
    public async Task Deals_of_several_quarters_go_to_one_hive_partition_each_and_duckdb_sees_the_partition_column()
    {
        var result = await IngestHarness.DealsAsync(Deals(10_000, "2026-07-01", "2026-04-15", "2025-12-31"), lakeDirectory: _dir,
            options: new LakeWriterOptions { RowGroupSize = 1000 });

        Assert.Equal(["2025Q4", "2026Q2", "2026Q3"], result.Files.Select(f => f.Quarter.ToString()));
        Assert.Equal(10_000, result.Files.Sum(f => f.Rows));
        var glob = Path.Combine(_dir, "deals", "*", "*.parquet");
        var rows = DuckDb.Query($"SELECT quarter, count(*), sum(usd_net) FROM read_parquet('{glob}', hive_partitioning = true) GROUP BY quarter ORDER BY quarter");
        Assert.Equal(result.Files.Select(f => (f.Quarter.ToString(), f.Rows, f.Total)),
            rows.Select(r => ((string)r[0]!, Convert.ToInt64(r[1], CultureInfo.InvariantCulture), (decimal)r[2]!)));

        // Row groups stay within the configured size: at most 1000 rows are ever buffered.
        var groups = DuckDb.Query($"SELECT max(row_group_num_rows), count(DISTINCT (file_name, row_group_id)) FROM parquet_metadata('{glob}')")[0];
        Assert.True(Convert.ToInt64(groups[0], CultureInfo.InvariantCulture) <= 1000);
        Assert.True(Convert.ToInt64(groups[1], CultureInfo.InvariantCulture) >= 10);
    }

    [Fact]
    public async Task Parquet_files_can_be_written_to_a_stream_that_cannot_seek()
    {
        var drop = IngestHarness.Drop;
        var outputs = new Dictionary<string, ForwardOnlyStream>();
        await using var lake = new LakeWriter<Domain.Ingest.DealRow>(DealLakeTable.Instance, drop, (blob, _) => outputs[blob] = new ForwardOnlyStream());
        await Pipeline.Ingest.DropRows.IngestDealsAsync(new MemoryStream(Deals(100, "2026-07-01")), "d.csv", drop, IngestHarness.Fx, null,
            lake, new Pipeline.Ingest.ListSink<Domain.Ingest.DealRow>());
        var file = Assert.Single(await lake.CompleteAsync());
        var path = Path.Combine(_dir, "forward.parquet");
        await File.WriteAllBytesAsync(path, outputs[file.BlobName].Written.ToArray());
        Assert.Equal(100L, Convert.ToInt64(DuckDb.Query($"SELECT count(*) FROM read_parquet('{path}')")[0][0], CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task DuckDB_reads_the_metrics_file_with_date_and_decimal_types_and_the_reported_total()
    {
        var csv = "date,metric,value\n2026-07-06,engagement_rate,27.5%\n2026-07-06,csat,4.5\n2026-07-13,response_hours,12.25\n2026-06-30,on_time_rate,0.93\n";
        var drop = IngestHarness.Drop;
        await using var lake = new LakeWriter<Domain.Ingest.MetricRow>(MetricLakeTable.Instance, drop, (blob, _) =>
        {
            var path = Path.Combine(_dir, blob);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            return File.Create(path);
        });
        var outcome = await Pipeline.Ingest.DropRows.IngestMetricsAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "m.csv", drop, null,
            lake, new Pipeline.Ingest.ListSink<Domain.Ingest.MetricRow>());
        var files = await lake.CompleteAsync();

        Assert.Equal(4, outcome.RowsAccepted);
        Assert.Equal(["metrics/quarter=2026Q2/acme-drop-0001.parquet", "metrics/quarter=2026Q3/acme-drop-0001.parquet"], files.Select(f => f.BlobName));
        var q3 = Path.Combine(_dir, files[1].BlobName);
        var types = DuckDb.Describe(q3);
        Assert.Equal("DATE", types["date"]);
        Assert.Equal("DECIMAL(18,6)", types["value"]);
        Assert.Equal("TIMESTAMP WITH TIME ZONE", types["received_at"]);
        var row = DuckDb.Query($"SELECT count(*), sum(value), string_agg(metric, ',' ORDER BY line) FROM read_parquet('{q3}')")[0];
        Assert.Equal(3L, Convert.ToInt64(row[0], CultureInfo.InvariantCulture));
        Assert.Equal(files[1].Total, (decimal)row[1]!);
        Assert.Equal(0.275m + 4.5m + 12.25m, (decimal)row[1]!);
        Assert.Equal("engagement_rate,csat,response_hours", row[2]);
    }

    private sealed class ForwardOnlyStream : Stream
    {
        public MemoryStream Written { get; } = new();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Written.Write(buffer, offset, count);
    }
}
