using Azure.Storage.Blobs.Specialized;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Pipeline.LocalHost;
using Pipeline.Azure;
using Pipeline.Ingest;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Functions.Tests;

[Collection(AzuriteFixture.Collection)]
public sealed class LocalTriggerHostTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_blob_uploaded_by_another_client_reaches_raw_and_the_audit_table_exactly_once()
    {
        var connection = azurite.NewConnectionString();
        await using var app = await TestApp.StartAsync(connection, triggers: true);
        await TestConfig.SeedAsync(app.Storage, "p-7");
        // Another client: a separate SDK client of our own, not the app's.
        var other = new BlobServiceClient(connection).GetBlobContainerClient(Names.Drops);
        await other.GetBlobClient("p-7/deals/x.csv").UploadAsync(BinaryData.FromString(TestConfig.DealsCsv("A-1")));

        var audit = await Eventually.GetAsync(() => TestAudit.AllAsync(app.Storage), rows => rows.Count >= 1);
        await Task.Delay(1000); // a few more scans: the blob must not be announced twice

        var row = Assert.Single(await TestAudit.AllAsync(app.Storage));
        Assert.Equal(AuditOutcomes.Accepted, row.Outcome);
        Assert.Equal("p-7", row.PartnerId);
        Assert.Equal("deals", row.Kind);
        Assert.Equal(TestConfig.DealsCsv("A-1").Length, row.Size);
        Assert.Equal(1, row.RowsAccepted);
        var raw = app.Storage.Container(Names.Raw).GetBlobClient(row.Sha256);
        Assert.Equal(TestConfig.DealsCsv("A-1"), (await raw.DownloadContentAsync()).Value.Content.ToString());
        Assert.Single(app.Storage.Container(Names.Raw).GetBlobs());
        Assert.Equal(audit.Single().DropId, row.DropId);
    }

    [Fact]
    public async Task A_new_version_of_the_same_file_is_announced_and_received_again()
    {
        var connection = azurite.NewConnectionString();
        await using var app = await TestApp.StartAsync(connection, triggers: true);
        await TestConfig.SeedAsync(app.Storage, "p-7");
        var blob = app.Storage.Container(Names.Drops).GetBlobClient("p-7/metrics/m.csv");
        await blob.UploadAsync(BinaryData.FromString("date,metric,value\n"));
        await Eventually.GetAsync(() => TestAudit.AllAsync(app.Storage), rows => rows.Count >= 1);

        await blob.UploadAsync(BinaryData.FromString("date,metric,value\n2026-07-01,csat,4.5\n"), overwrite: true);
        var rows = await Eventually.GetAsync(() => TestAudit.AllAsync(app.Storage), r => r.Count >= 2);

        Assert.Equal(2, rows.Count);
        Assert.Equal(2, rows.Select(r => r.Sha256).Distinct().Count());
    }

    [Fact]
    public async Task Bad_drop_paths_and_empty_files_are_audited_as_rejected_with_their_reason_and_not_retried()
    {
        var connection = azurite.NewConnectionString();
        await using var app = await TestApp.StartAsync(connection, triggers: true);
        await TestConfig.SeedAsync(app.Storage, "p-7");
        var drops = app.Storage.Container(Names.Drops);
        await drops.GetBlobClient("p-7/invoices/x.csv").UploadAsync(BinaryData.FromString("a\n"));
        await drops.GetBlobClient("p-7/x.csv").UploadAsync(BinaryData.FromString("a\n"));
        await drops.GetBlobClient("p-7/deals/sub/x.csv").UploadAsync(BinaryData.FromString("a\n"));
        await drops.GetBlobClient("p-7/deals/empty.csv").UploadAsync(BinaryData.FromString(""));
        // Names a blob client would normalise or refuse reach us only as events: post those as Event Grid would.
        var queue = app.Storage.Queue(Names.DropEventsQueue);
        await queue.SendMessageAsync(EventFor(drops, "p-7/../deals/x.csv"));
        await queue.SendMessageAsync(EventFor(drops, "p-7/deals/bad\u0007name.csv"));

        var rows = await Eventually.GetAsync(() => TestAudit.AllAsync(app.Storage), r => r.Count >= 6);
        await Task.Delay(500);

        var reasons = rows.ToDictionary(r => r.Path, r => (r.Outcome, r.Reason));
        Assert.Equal(6, rows.Count);
        Assert.All(rows, r => Assert.Equal(AuditOutcomes.Rejected, r.Outcome));
        Assert.Equal("unknown kind 'invoices': expected one of deals, metrics", reasons["p-7/invoices/x.csv"].Reason);
        Assert.Contains("does not match {partnerId}/{kind}/{fileName}", reasons["p-7/x.csv"].Reason, StringComparison.Ordinal);
        Assert.Contains("does not match {partnerId}/{kind}/{fileName}", reasons["p-7/deals/sub/x.csv"].Reason, StringComparison.Ordinal);
        Assert.Equal("the file is empty (0 bytes)", reasons["p-7/deals/empty.csv"].Reason);
        Assert.Equal("the blob name contains '.' or '..' path segments", reasons["p-7/../deals/x.csv"].Reason);
        Assert.Equal("the blob name contains control characters", reasons["p-7/deals/bad\u0007name.csv"].Reason);
        Assert.Null((await queue.PeekMessageAsync()).Value);
        Assert.Null((await app.Storage.Queue(Names.DropEventsQueue + "-poison").PeekMessageAsync()).Value);
        // Raw keeps the bytes of every non-empty drop, even one whose name we reject.
        Assert.Contains(rows.Single(r => r.Path == "p-7/invoices/x.csv").Sha256, app.Storage.Container(Names.Raw).GetBlobs().Select(b => b.Name));
    }

    [Fact]
    public async Task A_page_blob_of_three_gibibytes_is_refused_from_its_properties_without_reading_a_byte()
    {
        var connection = azurite.NewConnectionString();
        await using var app = await TestApp.StartAsync(connection);
        await TestConfig.SeedAsync(app.Storage, "p-7");
        // What a create-only link allows without sending data: a sparse page blob of 3 GiB.
        var page = app.Storage.Container(Names.Drops).GetPageBlobClient("p-7/deals/huge.csv");
        await page.CreateAsync(3L * 1024 * 1024 * 1024);

        var row = Assert.Single(await Eventually.GetAsync(() => TestAudit.AllAsync(app.Storage), r => r.Count >= 1));

        Assert.Equal(AuditOutcomes.Rejected, row.Outcome);
        Assert.Equal(3L * 1024 * 1024 * 1024, row.Size);
        Assert.StartsWith("The file was stored as a page blob; upload it as a block blob", row.Reason, StringComparison.Ordinal);
        Assert.Equal("", row.Sha256); // never hashed: no byte was downloaded
        Assert.Empty(app.Storage.Container(Names.Raw).GetBlobs());
        var feedback = (await app.Storage.Container(Names.Feedback).GetBlobClient($"p-7/{row.DropId}.csv").DownloadContentAsync()).Value.Content.ToString();
        Assert.Contains("upload it as a block blob", feedback, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_that_always_fails_lands_in_the_poison_queue_after_five_tries_while_other_messages_are_served()
    {
        var connection = azurite.NewConnectionString();
        AlwaysFailsFunction.Attempts = 0;
        // The app's functions and one more from this assembly, found by its attributes like the others.
        await using var app = await TestApp.StartAsync(connection, services: s => s.Replace(
            ServiceDescriptor.Singleton(new FunctionIndex(typeof(PipelineApp).Assembly, typeof(AlwaysFailsFunction).Assembly))));
        await TestConfig.SeedAsync(app.Storage, "p-8");
        await app.Storage.Queue("always-fails").CreateIfNotExistsAsync();
        await app.Storage.Queue("always-fails-poison").CreateIfNotExistsAsync(); // the host creates it too, maybe later than we look
        await app.Storage.Queue("always-fails").SendMessageAsync("""{"order":"will never work"}""");
        await app.Storage.Container(Names.Drops).GetBlobClient("p-8/deals/ok.csv").UploadAsync(BinaryData.FromString(TestConfig.DealsCsv("Z")));

        var poison = app.Storage.Queue("always-fails-poison");
        var poisoned = await Eventually.GetAsync(async () => (await poison.PeekMessageAsync()).Value, m => m is not null);
        var audit = await Eventually.GetAsync(() => TestAudit.AllAsync(app.Storage), r => r.Count >= 1);

        Assert.NotNull(poisoned);
        Assert.Equal("""{"order":"will never work"}""", poisoned.Body.ToString());
        Assert.Equal(5, AlwaysFailsFunction.Attempts);
        Assert.Null((await app.Storage.Queue("always-fails").PeekMessageAsync()).Value);
        Assert.Equal(AuditOutcomes.Accepted, Assert.Single(audit).Outcome);
    }

    [Fact]
    public async Task A_timer_occurrence_missed_while_no_host_ran_fires_once_as_past_due_when_a_host_starts()
    {
        var connection = azurite.NewConnectionString();
        var index = new FunctionIndex(typeof(PipelineApp).Assembly, typeof(QuarterlyProbe).Assembly);
        QuarterlyProbe.Fired.Clear();

        // The first host on this storage records the schedule: nothing is due yet.
        await using (var first = await TestApp.StartAsync(connection, services: s => s.Replace(ServiceDescriptor.Singleton(index))))
        {
            var status = first.Storage.Container(TimerTriggerRunner.HostsContainer).GetBlobClient($"timers/local/{QuarterlyProbe.Name}/status");
            await Eventually.GetAsync(async () => (await status.ExistsAsync()).Value, e => e);
            await Task.Delay(500);
            Assert.Empty(QuarterlyProbe.Fired);
        }

        // No host runs through 06:00 on the first of the quarter: the status still names that occurrence as next.
        var missed = new DateTime(2026, 10, 1, 6, 0, 0, DateTimeKind.Utc);
        var blob = new BlobServiceClient(connection).GetBlobContainerClient(TimerTriggerRunner.HostsContainer).GetBlobClient($"timers/local/{QuarterlyProbe.Name}/status");
        await blob.UploadAsync(BinaryData.FromObjectAsJson(new { last = new DateTime(2026, 7, 1, 6, 0, 0, DateTimeKind.Utc), next = missed, lastUpdated = missed.AddDays(-80) }), overwrite: true);

        await using (var second = await TestApp.StartAsync(connection, services: s => s.Replace(ServiceDescriptor.Singleton(index))))
        {
            var fired = await Eventually.GetAsync(() => Task.FromResult(QuarterlyProbe.Fired.ToArray()), f => f.Length > 0);
            await Task.Delay(500);
            var timer = Assert.Single(QuarterlyProbe.Fired);
            Assert.True(timer.IsPastDue);
            Assert.Equal(new DateTime(2026, 7, 1, 6, 0, 0, DateTimeKind.Utc), timer.ScheduleStatus!.Last);
            Assert.True(timer.ScheduleStatus.Next > DateTime.UtcNow, $"next occurrence {timer.ScheduleStatus.Next:o}");
        }

        // The occurrence is done: a third host start fires nothing.
        QuarterlyProbe.Fired.Clear();
        await using (var third = await TestApp.StartAsync(connection, services: s => s.Replace(ServiceDescriptor.Singleton(index))))
        {
            await Task.Delay(1000);
            Assert.Empty(QuarterlyProbe.Fired);
        }
    }

    /// <summary>A timer on the close's schedule that only records its firings.</summary>
    public sealed class QuarterlyProbe
    {
        public const string Name = "QuarterlyProbe";
        public static readonly System.Collections.Concurrent.ConcurrentQueue<TimerInfo> Fired = new();

        [Function(Name)]
        public static void Run([TimerTrigger("0 0 6 1 1,4,7,10 *")] TimerInfo timer) => Fired.Enqueue(timer);
    }

    private static string EventFor(BlobContainerClient drops, string name) =>
        BlobCreatedEvents.Create(new Uri(drops.Uri + "/" + Uri.EscapeDataString(name)), Names.Drops, name, "\"0x1\"", 10, DateTimeOffset.UtcNow);

    /// <summary>A queue function that never succeeds.</summary>
    public sealed class AlwaysFailsFunction
    {
        private static int _attempts;

        public static int Attempts
        {
            get => Volatile.Read(ref _attempts);
            set => Volatile.Write(ref _attempts, value);
        }

        [Function("AlwaysFails")]
        public static void Run([QueueTrigger("always-fails")] string item)
        {
            Interlocked.Increment(ref _attempts);
            throw new InvalidOperationException($"cannot process {item}");
        }
    }
}
