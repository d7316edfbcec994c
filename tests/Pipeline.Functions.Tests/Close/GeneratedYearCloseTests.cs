using System.Globalization;
using Pipeline.Domain;
using Pipeline.Domain.Deals;
using Pipeline.Domain.Metrics;
using Pipeline.Domain.Payouts;
using Pipeline.Domain.Programs;
using Pipeline.Dev.Samples;
using Pipeline.Functions.Close;
using Microsoft.DurableTask.Client;
using Pipeline.Azure;
using Pipeline.Testing;
using Xunit;
using Pipeline.Close;

namespace Pipeline.Functions.Tests.Close;

[Collection(AzuriteFixture.Collection)]
public sealed class GeneratedYearCloseTests(AzuriteFixture azurite) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("close-year-").FullName;

    [Fact]
    public async Task Closed_payouts_equal_the_calculator_on_the_ingested_lake_and_DuckDB_reads_them()
    {
        await using var h = await CloseHarness.StartAsync(azurite.NewConnectionString());
        var files = new SampleDataGenerator().Generate();
        foreach (var f in files.Where(f => f.Container == Names.Config))
            await h.Storage.Container(Names.Config).GetBlobClient(f.BlobName).UploadAsync(BinaryData.FromBytes(f.Content), overwrite: true);
        await h.DropAsync([.. files.Where(f => f.Container == Names.Drops).Select(f => (f.BlobName, f.Text))]);

        var quarter = new Quarter(2025, 4);
        var status = await h.CloseAsync(quarter);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        Assert.Equal("closed", status.ReadCustomStatusAs<string>());

        var lake = await h.DownloadAsync(Names.Lake, "", _dir);
        var deals = CurrentDeals(lake);
        var metrics = Metrics(lake);
        var expected = SampleDataGenerator.Partners.ToDictionary(p => p.PartnerId, p => PayoutCalculator.Calculate(ProgramDefinitions.Reference, new PayoutInput
        {
            Partner = p,
            Quarter = quarter,
            Deals = [.. deals.Where(d => d.PartnerId == p.PartnerId && quarter.Contains(d.CloseDate))],
            Metrics = [.. metrics.Where(m => m.PartnerId == p.PartnerId)],
        }).TotalEarned);

        var published = DuckDb.Query($"SELECT partner_id, total_earned FROM read_parquet('{lake}/payouts/quarter=2025Q4/part-0000.parquet') ORDER BY partner_id")
            .ToDictionary(r => (string)r[0]!, r => (decimal)r[1]!);
        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), published.OrderBy(e => e.Key, StringComparer.Ordinal));
        var outcome = status.ReadOutputAs<CloseOutcome>()!;
        Assert.Equal(expected.Values.Sum(), outcome.TotalEarned);
        var lines = (decimal)DuckDb.Query($"SELECT sum(amount) FROM read_parquet('{lake}/payout_lines/quarter=2025Q4/*.parquet')")[0][0]!;
        Assert.Equal(outcome.TotalEarned, lines);

        var statements = await h.SnapshotAsync(Names.Statements, "2025Q4/");
        Assert.Equal(SampleDataGenerator.Partners.Count * 2 + 2, statements.Count);
    }

    private static List<NormalisedDeal> CurrentDeals(string lake) =>
        [.. DuckDb.Query($"""
            SELECT partner_id, deal_id, CAST(close_date AS VARCHAR), coalesce(product, ''), quantity, list_amount, net_amount, currency, usd_net, usd_list, status, CAST(refund_date AS VARCHAR)
            FROM read_parquet('{lake}/deals/*/*.parquet', hive_partitioning = false)
            QUALIFY row_number() OVER (PARTITION BY partner_id, deal_id ORDER BY received_at DESC, line DESC) = 1
            """)
            .Select(r => new NormalisedDeal((string)r[1]!, (string)r[0]!, Date(r[2])!.Value, (string)r[3]!, (int)r[4]!, (decimal)r[5]!, (decimal)r[6]!,
                (string)r[7]!, (decimal)r[8]!, (decimal)r[9]!, (string)r[10]! == "refunded" ? DealStatus.Refunded : DealStatus.Won, Date(r[11])))];

    private static List<MetricReading> Metrics(string lake) =>
        [.. DuckDb.Query($"SELECT partner_id, CAST(date AS VARCHAR), metric, value FROM read_parquet('{lake}/metrics/*/*.parquet', hive_partitioning = false)")
            .Select(r => new MetricReading((string)r[0]!, Date(r[1])!.Value, (string)r[2]!, (decimal)r[3]!))];

    private static DateOnly? Date(object? value) => value is string s ? DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null;

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
