using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Domain;
using Pipeline.Domain.Payouts;
using Pipeline.Functions.Close;
using Pipeline.Functions.Tests.Close;
using Pipeline.LocalHost;
using Pipeline.Azure;
using Pipeline.Access;
using Pipeline.Close;
using Pipeline.Inquiries;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Functions.Tests.Inquiries;

/// <summary>Partners ask about a number, finance answers and corrects, the next close pays the correction once.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class InquiryTests(AzuriteFixture azurite)
{
    private static readonly HttpClient Http = new();
    private static readonly Quarter Q2 = new(2026, 2);
    private static readonly Quarter Q3 = new(2026, 3);
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n");

    [Fact]
    public async Task An_inquiry_resolved_as_corrected_is_paid_by_the_next_close_once_on_a_line_naming_it()
    {
        await using var h = await CloseHarness.StartAsync(azurite.NewConnectionString());
        await TestConfig.SeedAsync(h.Storage, "r-1");
        var keys = h.App.Services.GetRequiredService<ApiKeyStore>();
        var partner = (await keys.IssuePartnerKeyAsync("r-1")).Key;
        var ana = (await keys.IssueFinanceKeyAsync("ana", ApiKeyRoles.Approver)).Key;
        await h.DropAsync(("r-1/deals/q2.csv", TestConfig.DealsHeader + "\nA-1,2026-05-04,C-1,Suite,1,1100.00,1000.00,USD,won,\n"));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await h.CloseAsync(Q2)).RuntimeStatus);

        // The partner disputes its Q2 band line and attaches its contract.
        var opened = await ApiCalls.SendAsync(h.App, partner, HttpMethod.Post, "api/partners/r-1/inquiries",
            new { subject = new { kind = "statement-line", reference = "band", quarter = "2026Q2" }, message = "Deal A-1 was 1,150 net, not 1,000: see the order." });
        Assert.Equal(201, opened.Status);
        var id = opened.Body.GetProperty("id").GetString()!;
        Assert.Equal(201, (await ApiCalls.UploadAsync(h.App, partner, $"api/partners/r-1/inquiries/{id}/evidence/order.pdf", Pdf)).Status);

        // Finance sees it in the queue, reads the evidence, answers and resolves it as corrected.
        var queue = await ApiCalls.SendAsync(h.App, ana, HttpMethod.Get, "api/finance/inquiries");
        var listed = Assert.Single(queue.Body.GetProperty("inquiries").EnumerateArray());
        Assert.Equal((id, "open", false), (listed.GetProperty("id").GetString(), listed.GetProperty("status").GetString(), listed.GetProperty("overdue").GetBoolean()));
        Assert.Equal(5, queue.Body.GetProperty("targetResponseDays").GetDouble());
        using (var evidence = new HttpRequestMessage(HttpMethod.Get, new Uri(h.App.BaseAddress, $"api/finance/inquiries/r-1/{id}/evidence/order.pdf")))
        {
            evidence.Headers.Add("x-api-key", ana);
            using var file = await Http.SendAsync(evidence);
            var bytes = await file.Content.ReadAsByteArrayAsync();
            Assert.True(Pdf.SequenceEqual(bytes), $"{(int)file.StatusCode}: {Encoding.UTF8.GetString(bytes)}");
            Assert.Equal("attachment", file.Content.Headers.ContentDisposition?.DispositionType);
        }

        Assert.Equal(200, (await ApiCalls.SendAsync(h.App, ana, HttpMethod.Post, $"api/finance/inquiries/r-1/{id}/reply", new { message = "Checking the order." })).Status);
        var resolved = await ApiCalls.SendAsync(h.App, ana, HttpMethod.Post, $"api/finance/inquiries/r-1/{id}/resolve",
            new { resolution = "corrected", message = "A-1 is 1,150 net: 8% of 150 more", amount = 12.00m });
        Assert.Equal(200, resolved.Status);
        // A retried resolve changes nothing; another resolution is refused.
        Assert.Equal(200, (await ApiCalls.SendAsync(h.App, ana, HttpMethod.Post, $"api/finance/inquiries/r-1/{id}/resolve", new { resolution = "corrected", message = "again", amount = 12.00m })).Status);
        Assert.Equal(409, (await ApiCalls.SendAsync(h.App, ana, HttpMethod.Post, $"api/finance/inquiries/r-1/{id}/resolve", new { resolution = "declined", message = "no" })).Status);

        // The next close pays it once, as a prior-period adjustment for Q2 that names the inquiry.
        await h.DropAsync(("r-1/deals/q3.csv", TestConfig.DealsCsv("B-1")));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await h.CloseAsync(Q3)).RuntimeStatus);
        var q3 = (await h.Blobs.ReadAsync<BatchResults>(ClosePaths.Batch(Q3, 0)))!.Partners.Single().Result;
        var line = Assert.Single(q3.Lines, l => l.RuleId == RuleIds.PriorPeriodAdjustment);
        Assert.Equal(12.00m, line.Amount);
        Assert.Contains($"inquiry {id} resolved as corrected by ana", line.Description, StringComparison.Ordinal);
        var files = await h.SnapshotAsync(Names.Statements, $"{Q3}/");
        Assert.Contains(id, Encoding.UTF8.GetString(files[$"{Q3}/r-1/lines.csv"]), StringComparison.Ordinal);
        // The statement and finance's summary list the inquiry and its outcome.
        Assert.Contains($"{id} on statement-line band (2026Q2), opened", PdfText(files[$"{Q3}/r-1/statement.pdf"]), StringComparison.Ordinal);
        Assert.Contains("resolved as corrected, 12.00 USD paid", PdfText(files[$"{Q3}/r-1/statement.pdf"]), StringComparison.Ordinal);
        Assert.Contains("1 inquiries: 1 resolved (1 corrected, 12.00 USD), 0 still open", PdfText(files[$"{Q3}/finance-summary.pdf"]), StringComparison.Ordinal);

        // Later projections see it paid; the partner reads it resolved, with the whole thread.
        var q4 = (await h.App.Services.GetRequiredService<QuarterProjection>().ComputeAsync(Q3.Next(), null, "r-1")).Single();
        Assert.DoesNotContain(q4.Result.Lines, l => l.RuleId == RuleIds.PriorPeriodAdjustment);
        var read = await ApiCalls.SendAsync(h.App, partner, HttpMethod.Get, $"api/partners/r-1/inquiries/{id}");
        Assert.Equal(("resolved", "corrected"), (read.Body.GetProperty("status").GetString(), read.Body.GetProperty("resolution").GetString()));
        Assert.Equal(["opened", "answer", "resolved"], read.Body.GetProperty("thread").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
        Assert.Equal(["01-order.pdf"], read.Body.GetProperty("evidence").EnumerateArray().Select(e => e.GetString()));
        var told = (await ApiCalls.SendAsync(h.App, partner, HttpMethod.Get, "api/partners/r-1/notifications")).Body.EnumerateArray().Select(n => n.GetProperty("type").GetString()).ToList();
        Assert.Contains("inquiry.answered", told);
        Assert.Equal(1, told.Count(t => t == "inquiry.resolved"));
        Assert.Contains(await h.App.Services.GetRequiredService<Pipeline.Notifications.NotificationOutbox>().RecentAsync("finance", 10), n => n.Event.Type == "inquiry.opened" && n.Event.Data["inquiryId"] == id);
    }

    [Fact]
    public async Task Evidence_over_the_limit_or_of_another_type_is_refused_and_stores_nothing()
    {
        await using var app = await TestApp.StartAsync(azurite.NewConnectionString(), triggers: false);
        await TestConfig.SeedAsync(app.Storage, "r-1");
        var partner = (await app.Services.GetRequiredService<ApiKeyStore>().IssuePartnerKeyAsync("r-1")).Key;
        var id = (await ApiCalls.SendAsync(app, partner, HttpMethod.Post, "api/partners/r-1/inquiries",
            new { subject = new { kind = "deal", reference = "A-1" }, message = "Where is A-1?" })).Body.GetProperty("id").GetString()!;

        var big = await ApiCalls.UploadAsync(app, partner, $"api/partners/r-1/inquiries/{id}/evidence/big.pdf", [.. Pdf, .. new byte[6 * 1024 * 1024]]);
        var exe = await ApiCalls.UploadAsync(app, partner, $"api/partners/r-1/inquiries/{id}/evidence/order.pdf", [(byte)'M', (byte)'Z', 0x90, 0, 3, 0]);
        var html = await ApiCalls.UploadAsync(app, partner, $"api/partners/r-1/inquiries/{id}/evidence/page.html", Encoding.UTF8.GetBytes("<script>alert(1)</script>"));
        var empty = await ApiCalls.UploadAsync(app, partner, $"api/partners/r-1/inquiries/{id}/evidence/empty.csv", []);

        Assert.Equal(413, big.Status);
        Assert.Contains("nothing was stored", big.Body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(415, exe.Status);
        Assert.Contains("PDF, PNG, JPEG, CSV or text", exe.Body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(415, html.Status);
        Assert.Equal(400, empty.Status);
        Assert.Empty(await app.Services.GetRequiredService<InquiryStore>().EvidenceAsync("r-1", id));
        var bad = await ApiCalls.SendAsync(app, partner, HttpMethod.Post, "api/partners/r-1/inquiries", new { subject = new { kind = "mood", reference = "x" }, message = "?" });
        Assert.Equal(400, bad.Status);
        Assert.StartsWith("subject.kind must be", bad.Body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_partner_cannot_list_read_reply_to_or_attach_to_another_partners_inquiries()
    {
        await using var app = await TestApp.StartAsync(azurite.NewConnectionString(), triggers: false);
        await TestConfig.SeedAsync(app.Storage, "r-1", "r-2");
        var keys = app.Services.GetRequiredService<ApiKeyStore>();
        var a = (await keys.IssuePartnerKeyAsync("r-1")).Key;
        var b = (await keys.IssuePartnerKeyAsync("r-2")).Key;
        var rita = (await keys.IssueFinanceKeyAsync("rita", ApiKeyRoles.Reader)).Key;
        var theirs = (await ApiCalls.SendAsync(app, b, HttpMethod.Post, "api/partners/r-2/inquiries",
            new { subject = new { kind = "deal", reference = "B-1" }, message = "mine" })).Body.GetProperty("id").GetString()!;
        Assert.Equal(201, (await ApiCalls.UploadAsync(app, b, $"api/partners/r-2/inquiries/{theirs}/evidence/note.txt", "secret terms"u8.ToArray())).Status);

        // Through B's id: refused outright. Through A's own id with B's inquiry id: not found (A's partition only).
        Assert.Equal(403, (await ApiCalls.SendAsync(app, a, HttpMethod.Get, "api/partners/r-2/inquiries")).Status);
        Assert.Equal(403, (await ApiCalls.SendAsync(app, a, HttpMethod.Post, "api/partners/r-2/inquiries", new { subject = new { kind = "deal", reference = "B-1" }, message = "x" })).Status);
        Assert.Equal(403, (await ApiCalls.SendAsync(app, a, HttpMethod.Get, $"api/partners/r-2/inquiries/{theirs}")).Status);
        Assert.Equal(403, (await ApiCalls.SendAsync(app, a, HttpMethod.Post, $"api/partners/r-2/inquiries/{theirs}/messages", new { message = "x" })).Status);
        Assert.Equal(403, (await ApiCalls.UploadAsync(app, a, $"api/partners/r-2/inquiries/{theirs}/evidence/x.txt", "x"u8.ToArray())).Status);
        Assert.Equal(403, (await ApiCalls.SendAsync(app, a, HttpMethod.Get, $"api/partners/r-2/inquiries/{theirs}/evidence/note.txt")).Status);
        Assert.Equal(404, (await ApiCalls.SendAsync(app, a, HttpMethod.Get, $"api/partners/r-1/inquiries/{theirs}")).Status);
        Assert.Equal(404, (await ApiCalls.SendAsync(app, a, HttpMethod.Post, $"api/partners/r-1/inquiries/{theirs}/messages", new { message = "x" })).Status);
        Assert.Equal(404, (await ApiCalls.UploadAsync(app, a, $"api/partners/r-1/inquiries/{theirs}/evidence/x.txt", "x"u8.ToArray())).Status);
        Assert.Equal(404, (await ApiCalls.SendAsync(app, a, HttpMethod.Get, $"api/partners/r-1/inquiries/{theirs}/evidence/note.txt")).Status);
        Assert.Empty((await ApiCalls.SendAsync(app, a, HttpMethod.Get, "api/partners/r-1/inquiries")).Body.EnumerateArray());

        // Partner keys never reach finance's routes; a reader reads but does not act.
        Assert.Equal(403, (await ApiCalls.SendAsync(app, a, HttpMethod.Get, "api/finance/inquiries")).Status);
        Assert.Equal(403, (await ApiCalls.SendAsync(app, a, HttpMethod.Post, $"api/finance/inquiries/r-2/{theirs}/resolve", new { resolution = "explained", message = "x" })).Status);
        Assert.Equal(200, (await ApiCalls.SendAsync(app, rita, HttpMethod.Get, $"api/finance/inquiries/r-2/{theirs}")).Status);
        Assert.Equal(403, (await ApiCalls.SendAsync(app, rita, HttpMethod.Post, $"api/finance/inquiries/r-2/{theirs}/reply", new { message = "x" })).Status);
        Assert.Equal(["r-2"], (await app.Services.GetRequiredService<InquiryStore>().UnresolvedAsync()).Select(i => i.PartnerId));
    }

    [Fact]
    public async Task The_pages_refuse_another_partners_inquiry_form_and_finance_evidence_to_partners()
    {
        await using var app = await TestApp.StartAsync(azurite.NewConnectionString(), triggers: false);
        await TestConfig.SeedAsync(app.Storage, "r-1", "r-2");
        var keys = app.Services.GetRequiredService<ApiKeyStore>();
        var b = (await keys.IssuePartnerKeyAsync("r-2")).Key;
        var theirs = (await ApiCalls.SendAsync(app, b, HttpMethod.Post, "api/partners/r-2/inquiries", new { subject = new { kind = "deal", reference = "B-1" }, message = "mine" })).Body.GetProperty("id").GetString()!;
        Assert.Equal(201, (await ApiCalls.UploadAsync(app, b, $"api/partners/r-2/inquiries/{theirs}/evidence/note.txt", "secret terms"u8.ToArray())).Status);

        // Signed in as r-1 (a session cookie, as a browser has).
        var cookies = new System.Net.CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false });
        using (var signIn = new HttpRequestMessage(HttpMethod.Post, new Uri(app.BaseAddress, "auth/sign-in")))
        {
            signIn.Content = new StringContent($"key={(await keys.IssuePartnerKeyAsync("r-1")).Key}", Encoding.UTF8, "application/x-www-form-urlencoded");
            signIn.Headers.Add("Origin", app.BaseAddress.GetLeftPart(UriPartial.Authority));
            Assert.Equal(System.Net.HttpStatusCode.SeeOther, (await browser.SendAsync(signIn)).StatusCode);
        }

        using var form = new HttpRequestMessage(HttpMethod.Post, new Uri(app.BaseAddress, "partners/r-2/inquiries"))
        {
            Content = new StringContent("kind=deal&reference=B-1&message=x&csrf=x", Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await browser.SendAsync(form)).StatusCode);
        var evidence = await browser.GetAsync(new Uri(app.BaseAddress, $"finance/inquiries/r-2/{theirs}/evidence/note.txt"));
        Assert.NotEqual(System.Net.HttpStatusCode.OK, evidence.StatusCode);
        Assert.DoesNotContain("secret terms", await evidence.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(["r-2"], (await app.Services.GetRequiredService<InquiryStore>().UnresolvedAsync()).Select(i => i.PartnerId));
    }

    [Fact]
    public async Task A_correction_above_the_limit_waits_for_a_second_finance_user()
    {
        await using var h = await CloseHarness.StartAsync(azurite.NewConnectionString());
        await TestConfig.SeedAsync(h.Storage, "r-1");
        var keys = h.App.Services.GetRequiredService<ApiKeyStore>();
        var partner = (await keys.IssuePartnerKeyAsync("r-1")).Key;
        var ana = (await keys.IssueFinanceKeyAsync("ana", ApiKeyRoles.Approver)).Key;
        var ben = (await keys.IssueFinanceKeyAsync("ben", ApiKeyRoles.Approver)).Key;
        var id = (await ApiCalls.SendAsync(h.App, partner, HttpMethod.Post, "api/partners/r-1/inquiries",
            new { subject = new { kind = "deal", reference = "A-9" }, message = "A-9 is missing" })).Body.GetProperty("id").GetString()!;
        await ApiCalls.SendAsync(h.App, ana, HttpMethod.Post, $"api/finance/inquiries/r-1/{id}/resolve", new { resolution = "corrected", message = "A-9 owed", amount = 6000m });
        await h.DropAsync(("r-1/deals/q3.csv", TestConfig.DealsCsv("B-1")));

        var self = await ApiCalls.SendAsync(h.App, ana, HttpMethod.Post, $"api/finance/inquiries/r-1/{id}/confirm");
        Assert.Equal(409, self.Status);
        Assert.Contains("another finance user confirms it", self.Body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await h.CloseAsync(Q3)).RuntimeStatus);
        var unpaid = (await h.Blobs.ReadAsync<BatchResults>(ClosePaths.Batch(Q3, 0)))!.Partners.Single().Result;
        Assert.DoesNotContain(unpaid.Lines, l => l.RuleId == RuleIds.PriorPeriodAdjustment);

        Assert.Equal(200, (await ApiCalls.SendAsync(h.App, ben, HttpMethod.Post, $"api/finance/inquiries/r-1/{id}/confirm")).Status);
        var projected = (await h.App.Services.GetRequiredService<QuarterProjection>().ComputeAsync(Q3.Next(), null, "r-1")).Single().Result;
        Assert.Equal(6000m, Assert.Single(projected.Lines, l => l.RuleId == RuleIds.PriorPeriodAdjustment).Amount);
    }

    [Fact]
    public async Task A_crash_between_the_correction_and_its_thread_entry_neither_loses_nor_doubles_it()
    {
        await using var h = await CloseHarness.StartAsync(azurite.NewConnectionString());
        await TestConfig.SeedAsync(h.Storage, "r-1");
        var store = h.App.Services.GetRequiredService<InquiryStore>();
        var opened = await store.OpenAsync("r-1", new Domain.Inquiries.InquirySubject("deal", "A-7", null), "A-7 is missing", "r-1");
        await store.ResolveAsync("r-1", opened.Id, "corrected", "A-7 owed", 40m, "ana");

        // The host died after the inquiry row took the correction and before the thread's entry: remove the entry.
        var entries = h.Storage.Table(Names.InquiryEntriesTable);
        var written = new List<global::Azure.Data.Tables.TableEntity>();
        await foreach (var e in entries.QueryAsync<global::Azure.Data.Tables.TableEntity>()) written.Add(e);
        var resolution = Assert.Single(written, e => e.RowKey == "resolution");
        await entries.DeleteEntityAsync(resolution.PartitionKey, resolution.RowKey);

        // The retried resolve completes the thread once; the correction is there once, and paid once.
        await store.ResolveAsync("r-1", opened.Id, "corrected", "A-7 owed", 40m, "ana");
        await store.ResolveAsync("r-1", opened.Id, "corrected", "A-7 owed", 40m, "ana");
        Assert.Equal(1, (await store.ThreadAsync("r-1", opened.Id)).Count(e => e.Kind == "resolved"));
        Assert.Single(await store.CorrectionsAsync());
        await h.DropAsync(("r-1/deals/q3.csv", TestConfig.DealsCsv("B-1")));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await h.CloseAsync(Q3)).RuntimeStatus);
        // The same close run again (a new instance of a closed quarter) pays nothing more.
        await h.Durable.PurgeInstanceAsync(CloseOrchestrator.InstanceId(Q3.ToString()));
        Assert.True((await h.CloseAsync(Q3)).ReadOutputAs<CloseOutcome>()!.AlreadyClosed);
        var ledger = await new ClosedQuarterLedger(h.Storage).PartnerHistoryAsync("r-1", new HashSet<string> { Q3.ToString() });
        Assert.Equal([opened.Id], ledger.SelectMany(q => q.PriorAdjustments).Select(a => a.InquiryId));
        var next = (await h.App.Services.GetRequiredService<QuarterProjection>().ComputeAsync(Q3.Next(), null, "r-1")).Single().Result;
        Assert.DoesNotContain(next.Lines, l => l.RuleId == RuleIds.PriorPeriodAdjustment);
    }

    private static string PdfText(byte[] pdf)
    {
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        return string.Join('\n', document.GetPages().SelectMany(p => UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor.ContentOrderTextExtractor.GetText(p).Split('\n')))
            .Replace("\n", " ", StringComparison.Ordinal);
    }
}
