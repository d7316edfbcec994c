using Pipeline.Azure;
using Pipeline.Ingest;
using Pipeline.Testing;
using Pipeline.LocalHost;
using Xunit;

namespace Pipeline.Functions.Tests;

/// <summary>A drop from upload to lake, quarantine, feedback and audit, through the running app.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class IngestEndToEndTests(AzuriteFixture azurite)
{
    private const string Mixed =
        TestConfig.DealsHeader + "\n" +
        "D-1,2026-07-03,C-1,Suite,2,1000.00,900.00,USD,won,\n" +
        "D-2,2026-07-04,C-2,Suite,1,500.00,-5,USD,won,\n" +           // negative amount
        "D-3,2026-08-01,C-3,Suite,1,2000.00,1800.00,EUR,won,\n" +      // converted at 1.15
        "D-4,2026-02-30,C-4,Suite,1,100.00,90.00,USD,won,\n" +         // impossible date
        "D-5,2026-09-10,C-5,Suite,1,300.00,250.00,USD,refunded,\n" +   // refunded without refund_date
        "D-6,2026-09-11,C-6,Suite,\"=HYPERLINK(\"\"http://x\"\")\",10.00,10.00,XYZ,won,\n"; // formula-like quantity, unknown currency

    [Fact]
    public async Task Accepted_rows_reach_the_lake_and_rejected_rows_the_feedback_report_with_counts_that_reconcile()
    {
        await using var app = await TestApp.StartAsync(azurite.NewConnectionString(), triggers: true);
        await TestConfig.SeedAsync(app.Storage, "p-1");
        await app.Storage.Container(Names.Drops).GetBlobClient("p-1/deals/mixed.csv").UploadAsync(BinaryData.FromString(Mixed));

        var record = (await Eventually.GetAsync(() => Audit(app.Storage, "p-1"), r => r.Count == 1)).Single();

        Assert.Equal(AuditOutcomes.Accepted, record.Outcome);
        Assert.Equal(6, record.RowsRead);
        Assert.Equal(record.RowsRead, record.RowsAccepted + record.RowsRejected);
        Assert.Equal(2, record.RowsAccepted);
        var lakeFile = Assert.Single(record.Outputs.Split('|'), o => o.StartsWith("lake/", StringComparison.Ordinal));
        Assert.StartsWith("lake/deals/quarter=2026Q3/p-1-", lakeFile, StringComparison.Ordinal);

        // An independent reader: DuckDB sees the rows, the types and the USD amounts the pipeline reported.
        var local = Path.Combine(Directory.CreateTempSubdirectory().FullName, "deals.parquet");
        await app.Storage.Container(Names.Lake).GetBlobClient(lakeFile["lake/".Length..]).DownloadToAsync(local);
        var row = Assert.Single(DuckDb.Query($"SELECT count(*), sum(usd_net), typeof(any_value(usd_net)), typeof(any_value(close_date)) FROM read_parquet('{local}')"));
        Assert.Equal(2L, Convert.ToInt64(row[0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(900.00m + 2070.00m, (decimal)row[1]!); // 1800.00 EUR x 1.15 = 2070.00 USD
        Assert.Equal("DECIMAL(18,2)", row[2]);
        Assert.Equal("DATE", row[3]);

        var feedback = (await app.Storage.Container(Names.Feedback).GetBlobClient($"p-1/{record.DropId}.csv").DownloadContentAsync()).Value.Content.ToString();
        var lines = feedback.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var rejectedLines = lines.Skip(1).Select(l => l.Split(',')[0]).Distinct().Order().ToList();
        Assert.Equal(["3", "5", "6", "7"], rejectedLines); // file lines of D-2, D-4, D-5 and the formula row
        Assert.Contains("must be zero or more", feedback, StringComparison.Ordinal);
        Assert.Contains("'=HYPERLINK", feedback, StringComparison.Ordinal); // neutralised for spreadsheets
        Assert.DoesNotContain(",=HYPERLINK", feedback, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_drop_is_measured_drops_rows_accepted_and_rejected_and_ingest_time()
    {
        var measured = new System.Collections.Concurrent.ConcurrentQueue<(string Instrument, double Value, string Tags)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == Telemetry.Name) l.EnableMeasurementEvents(instrument);
        };
        void Record(System.Diagnostics.Metrics.Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var text = string.Join(",", tags.ToArray().OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"));
            measured.Enqueue((instrument.Name, value, text));
        }

        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.Start();
        await using var app = await TestApp.StartAsync(azurite.NewConnectionString(), triggers: true);
        await TestConfig.SeedAsync(app.Storage, "p-3");
        await app.Storage.Container(Names.Drops).GetBlobClient("p-3/deals/mixed.csv").UploadAsync(BinaryData.FromString(Mixed));
        await Eventually.GetAsync(() => Audit(app.Storage, "p-3"), r => r.Count == 1);
        await Eventually.GetAsync(() => Task.FromResult(measured.Count), n => n >= 4);

        var all = measured.ToList();
        Assert.Contains(("pipeline.drops.received", 1d, "kind=deals,outcome=accepted"), all);
        Assert.Contains(("pipeline.rows", 2d, "kind=deals,outcome=accepted"), all);
        Assert.Contains(("pipeline.rows", 4d, "kind=deals,outcome=rejected"), all);
        Assert.Contains(all, m => m.Instrument == "pipeline.drops.ingest.duration" && m.Value > 0 && m.Tags == "kind=deals");
    }

    [Fact]
    public async Task A_byte_identical_re_upload_is_recorded_as_a_duplicate_and_adds_nothing_to_the_lake()
    {
        await using var app = await TestApp.StartAsync(azurite.NewConnectionString(), triggers: true);
        await TestConfig.SeedAsync(app.Storage, "p-1");
        var drops = app.Storage.Container(Names.Drops);
        await drops.GetBlobClient("p-1/deals/a.csv").UploadAsync(BinaryData.FromString(TestConfig.DealsCsv("X-1", "X-2")));
        await Eventually.GetAsync(() => Audit(app.Storage, "p-1"), r => r.Count == 1);
        var lakeBefore = app.Storage.Container(Names.Lake).GetBlobs().Select(b => b.Name).ToList();

        await drops.GetBlobClient("p-1/deals/a-again.csv").UploadAsync(BinaryData.FromString(TestConfig.DealsCsv("X-1", "X-2")));
        var records = await Eventually.GetAsync(() => Audit(app.Storage, "p-1"), r => r.Count == 2);

        Assert.Equal([AuditOutcomes.Accepted, AuditOutcomes.Duplicate], records.Select(r => r.Outcome));
        Assert.Contains(records[0].DropId, records[1].Reason, StringComparison.Ordinal);
        Assert.Equal(lakeBefore, app.Storage.Container(Names.Lake).GetBlobs().Select(b => b.Name).ToList());
    }

    [Fact]
    public async Task A_drop_from_an_unknown_partner_is_rejected_with_a_feedback_report_and_its_bytes_kept()
    {
        await using var app = await TestApp.StartAsync(azurite.NewConnectionString(), triggers: true);
        await TestConfig.SeedAsync(app.Storage, "p-1");
        await app.Storage.Container(Names.Drops).GetBlobClient("p-404/deals/a.csv").UploadAsync(BinaryData.FromString(TestConfig.DealsCsv("Q-1")));

        var record = (await Eventually.GetAsync(() => Audit(app.Storage, "p-404"), r => r.Count == 1)).Single();

        Assert.Equal(AuditOutcomes.Rejected, record.Outcome);
        Assert.Contains("not in the partner registry", record.Reason, StringComparison.Ordinal);
        Assert.Equal(0, record.RowsAccepted);
        Assert.Equal(record.RowsRead, record.RowsRejected);
        Assert.True(await app.Storage.Container(Names.Raw).GetBlobClient(record.Sha256).ExistsAsync());
        var feedback = (await app.Storage.Container(Names.Feedback).GetBlobClient($"p-404/{record.DropId}.csv").DownloadContentAsync()).Value.Content.ToString();
        Assert.Contains("not in the partner registry", feedback, StringComparison.Ordinal);
        Assert.Empty(app.Storage.Container(Names.Lake).GetBlobs());
    }

    private static async Task<List<AuditRecord>> Audit(StorageAccount storage, string partner) =>
        [.. await new AuditLedger(storage).ReadAsync(partner)];
}
