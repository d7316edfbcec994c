using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Domain;
using Pipeline.Functions.Close;
using Pipeline.LocalHost;
using Pipeline.Azure;
using Pipeline.Access;
using Pipeline.Notifications;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Functions.Tests.Notifications;

/// <summary>Notifications end to end: a partner registers a webhook, the pipeline's events reach it signed, at least
/// once, retried with backoff after failures, dead-lettered when the receiver never answers, and nothing else waits.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class WebhookTests(AzuriteFixture azurite)
{
    private static readonly HttpClient Http = new();

    private static readonly Dictionary<string, string?> Fast = new()
    {
        ["Pipeline:Notifications:AllowLoopback"] = "true",
        ["Pipeline:Notifications:RetryBase"] = "00:00:00.300",
        ["Pipeline:Notifications:MaxAttempts"] = "4",
        ["Pipeline:Notifications:Timeout"] = "00:00:02",
    };

    [Fact]
    public async Task Each_event_reaches_the_partners_webhook_signed_and_is_retried_until_acknowledged()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = await TestApp.StartAsync(azurite.NewConnectionString(), settings: Fast);
        await TestConfig.SeedAsync(app.Storage, "r-1");
        var key = (await app.Services.GetRequiredService<ApiKeyStore>().IssuePartnerKeyAsync("r-1")).Key;

        var registered = await ApiCalls.SendAsync(app, key, HttpMethod.Put, "api/partners/r-1/webhook", new { url = receiver.Url.ToString() });
        Assert.Equal(201, registered.Status);
        var secret = registered.Body.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        var shown = await ApiCalls.SendAsync(app, key, HttpMethod.Get, "api/partners/r-1/webhook");
        Assert.False(shown.Body.TryGetProperty("secret", out _));

        // A drop with one bad row: drop.partly_rejected; the receiver fails twice, the third attempt is acknowledged.
        receiver.FailNext(2);
        await app.Storage.Container(Names.Drops).GetBlobClient("r-1/deals/july.csv").UploadAsync(BinaryData.FromString(
            TestConfig.DealsCsv("A-1", "A-2") + "A-3,not-a-date,C-1,Suite,1,1000.00,900.00,USD,won,\n"));
        var partly = await Eventually.GetAsync(() => Task.FromResult(receiver.Deliveries.Where(d => d.EventType == NotificationTypes.DropPartlyRejected).ToList()),
            d => d.Any(x => x.Answered == 200), TimeSpan.FromSeconds(30));
        Assert.Equal([("1", 500), ("2", 500), ("3", 200)], partly.Select(d => (d.Attempt, d.Answered)));
        Assert.Single(partly.Select(d => d.EventId).Distinct());
        Assert.All(partly, d => Assert.True(WebhookSignature.Verify(d.Signature, secret, d.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)), d.Signature));
        Assert.False(WebhookSignature.Verify(partly[0].Signature, secret, partly[0].Body.Replace("r-1", "r-2", StringComparison.Ordinal), DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        using (var body = JsonDocument.Parse(partly[0].Body))
        {
            Assert.Contains("r-1/deals/july.csv", body.RootElement.GetProperty("subject").GetString(), StringComparison.Ordinal);
            Assert.Equal("1", body.RootElement.GetProperty("data").GetProperty("rowsRejected").GetString());
        }

        // A file that cannot be read at all: drop.rejected. After a rotation, deliveries carry both secrets' signatures.
        var rotated = await ApiCalls.SendAsync(app, key, HttpMethod.Post, "api/partners/r-1/webhook/rotate");
        var newSecret = rotated.Body.GetProperty("secret").GetString()!;
        await app.Storage.Container(Names.Drops).GetBlobClient("r-1/deals/broken.csv").UploadAsync(BinaryData.FromString("this,is,not\nthe,deals,header\n"));
        var rejected = await Eventually.GetAsync(() => Task.FromResult(receiver.Deliveries.FirstOrDefault(d => d.EventType == NotificationTypes.DropRejected)), d => d is not null, TimeSpan.FromSeconds(30));
        Assert.True(WebhookSignature.Verify(rejected!.Signature, newSecret, rejected.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        Assert.True(WebhookSignature.Verify(rejected.Signature, secret, rejected.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));

        // The close publishes the statement: statement.published, once.
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await CloseAsync(app, new Quarter(2026, 3))).RuntimeStatus);
        var published = await Eventually.GetAsync(() => Task.FromResult(receiver.Deliveries.Where(d => d.EventType == NotificationTypes.StatementPublished).ToList()), d => d.Count > 0, TimeSpan.FromSeconds(30));
        Assert.Equal("statement.published:2026Q3:r-1", Assert.Single(published).EventId);

        // An inquiry answered and resolved by finance: inquiry.answered, inquiry.resolved.
        var ana = (await app.Services.GetRequiredService<ApiKeyStore>().IssueFinanceKeyAsync("ana", ApiKeyRoles.Approver)).Key;
        var inquiry = (await ApiCalls.SendAsync(app, key, HttpMethod.Post, "api/partners/r-1/inquiries", new { subject = new { kind = "deal", reference = "A-3" }, message = "A-3?" })).Body.GetProperty("id").GetString();
        await ApiCalls.SendAsync(app, ana, HttpMethod.Post, $"api/finance/inquiries/r-1/{inquiry}/reply", new { message = "Its date was not a date." });
        await ApiCalls.SendAsync(app, ana, HttpMethod.Post, $"api/finance/inquiries/r-1/{inquiry}/resolve", new { resolution = "explained", message = "Send it again with 2026-07-03." });
        var told = await Eventually.GetAsync(() => Task.FromResult(receiver.Deliveries.Where(d => d.EventType.StartsWith("inquiry.", StringComparison.Ordinal) && d.Answered == 200).Select(d => d.EventType).ToList()),
            t => t.Count >= 2, TimeSpan.FromSeconds(30));
        Assert.Equal(["inquiry.answered", "inquiry.resolved"], told.Order(StringComparer.Ordinal));

        // Each feedback report names the partner's own file and when it was received.
        var feedback = await ApiCalls.SendAsync(app, key, HttpMethod.Get, "api/partners/r-1/feedback");
        var reports = feedback.Body.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("drop").GetProperty("file").GetString()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["r-1/deals/broken.csv", "r-1/deals/july.csv"], reports);

        // The partner sees each notification and its delivery on the API.
        var listed = await ApiCalls.SendAsync(app, key, HttpMethod.Get, "api/partners/r-1/notifications");
        var rows = listed.Body.EnumerateArray().Select(e => (e.GetProperty("type").GetString(), e.GetProperty("delivery").GetString(), e.GetProperty("attempts").GetInt32())).ToList();
        Assert.Contains((NotificationTypes.DropPartlyRejected, NotificationRecord.Delivered, 3), rows);
        Assert.Contains((NotificationTypes.StatementPublished, NotificationRecord.Delivered, 1), rows);

        // The scorecard lists them with their delivery.
        using var scorecard = new HttpRequestMessage(HttpMethod.Get, new Uri(app.BaseAddress, "api/partners/r-1/scorecard?quarter=2026Q3"));
        scorecard.Headers.Add("x-api-key", key);
        var page = await (await Http.SendAsync(scorecard)).Content.ReadAsStringAsync();
        Assert.Contains("sc-notifications", page, StringComparison.Ordinal);
        Assert.Contains("delivered (3 attempt(s))", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_webhook_ends_in_the_dead_letter_with_the_reason_and_slows_nothing_else()
    {
        await using var app = await TestApp.StartAsync(azurite.NewConnectionString(), settings: Fast);
        await TestConfig.SeedAsync(app.Storage, "r-1", "r-2");
        var keys = app.Services.GetRequiredService<ApiKeyStore>();
        var key = (await keys.IssuePartnerKeyAsync("r-1")).Key;
        var nobody = $"http://127.0.0.1:{Pipeline.Dev.LoopbackPorts.Free()}/hook";
        Assert.Equal(201, (await ApiCalls.SendAsync(app, key, HttpMethod.Put, "api/partners/r-1/webhook", new { url = nobody })).Status);

        await app.Storage.Container(Names.Drops).GetBlobClient("r-1/deals/bad.csv").UploadAsync(BinaryData.FromString("not,a\ndeals,file\n"));
        var outbox = app.Services.GetRequiredService<NotificationOutbox>();
        var dead = await Eventually.GetAsync(() => outbox.DeadLettersAsync(), d => d.Count > 0, TimeSpan.FromSeconds(60));
        var letter = Assert.Single(dead);
        Assert.Equal(4, letter.Attempts);
        Assert.StartsWith("gave up after 4 attempts: the webhook could not be reached", letter.LastError, StringComparison.Ordinal);
        using (var signIn = new HttpRequestMessage(HttpMethod.Post, new Uri(app.BaseAddress, "auth/sign-in")))
        {
            signIn.Content = new StringContent($"key={(await keys.IssueFinanceKeyAsync("rita", ApiKeyRoles.Reader)).Key}&next=%2Ffinance", Encoding.UTF8, "application/x-www-form-urlencoded");
            signIn.Headers.Add("Origin", app.BaseAddress.GetLeftPart(UriPartial.Authority));
            using var browser = new HttpClient(new HttpClientHandler { UseCookies = true, CookieContainer = new System.Net.CookieContainer() });
            var html = await (await browser.SendAsync(signIn)).Content.ReadAsStringAsync();
            Assert.Contains("Undelivered webhooks", html, StringComparison.Ordinal);
            Assert.Contains("gave up after 4 attempts", html, StringComparison.Ordinal);
        }

        // Meanwhile and after, drops go through at their usual pace.
        var watch = Stopwatch.StartNew();
        await app.Storage.Container(Names.Drops).GetBlobClient("r-2/deals/q3.csv").UploadAsync(BinaryData.FromString(TestConfig.DealsCsv("B-1")));
        var audited = await Eventually.GetAsync(async () => (await TestAudit.AllAsync(app.Storage)).Any(r => r.PartnerId == "r-2"), ok => ok, TimeSpan.FromSeconds(30));
        Assert.True(audited);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"a drop took {watch.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task Webhook_urls_are_checked_at_the_door_and_a_partner_reaches_only_its_own()
    {
        await using var app = await TestApp.StartAsync(azurite.NewConnectionString(), triggers: false);
        await TestConfig.SeedAsync(app.Storage, "r-1", "r-2");
        var keys = app.Services.GetRequiredService<ApiKeyStore>();
        var a = (await keys.IssuePartnerKeyAsync("r-1")).Key;

        foreach (var (url, why) in new[]
        {
            ("http://example.com/hook", "must use https"),
            ("https://169.254.169.254/latest/meta-data", "private, link-local or reserved"),
            ("https://10.0.0.7/hook", "private, link-local or reserved"),
            ("https://user:pw@example.com/hook", "credentials"),
            ("https://127.0.0.1/hook", "this machine"),
            ("not a url", "absolute https URL"),
        })
        {
            var refused = await ApiCalls.SendAsync(app, a, HttpMethod.Put, "api/partners/r-1/webhook", new { url });
            Assert.Equal(400, refused.Status);
            Assert.Contains(why, refused.Body.GetProperty("error").GetString(), StringComparison.Ordinal);
        }

        Assert.Null(await app.Services.GetRequiredService<WebhookStore>().FindAsync("r-1"));
        foreach (var (method, path) in new[] { (HttpMethod.Put, "api/partners/r-2/webhook"), (HttpMethod.Get, "api/partners/r-2/webhook"), (HttpMethod.Delete, "api/partners/r-2/webhook"),
                     (HttpMethod.Post, "api/partners/r-2/webhook/rotate"), (HttpMethod.Get, "api/partners/r-2/notifications") })
        {
            Assert.Equal(403, (await ApiCalls.SendAsync(app, a, method, path, new { url = "https://example.com/hook" })).Status);
        }
    }

    private static async Task<OrchestrationMetadata> CloseAsync(LocalApp app, Quarter q)
    {
        await app.Closes.StartAsync(q);
        return await app.Closes.WaitAsync(q);
    }
}
