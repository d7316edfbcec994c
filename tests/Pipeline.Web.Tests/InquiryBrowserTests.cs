using System.Text;
using Microsoft.DurableTask.Client;
using Microsoft.Playwright;
using Pipeline.Domain;
using Pipeline.Domain.Statements;
using Pipeline.Azure;
using Pipeline.Access;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Web.Tests;

/// <summary>The inquiry flow in a browser: the partner asks about a statement line with evidence, finance replies and
/// resolves it as corrected, the next close pays the correction on a line naming the inquiry.</summary>
[Collection(WebFixture.Collection)]
public sealed class InquiryBrowserTests(WebFixture web)
{
    private static readonly Quarter Q2 = new(2026, 2);

    [Fact]
    public async Task A_partner_disputes_a_line_finance_corrects_it_and_the_next_statement_pays_it()
    {
        await using var app = await WebApp.StartAsync(web.Azurite.NewConnectionString());
        await TestConfig.SeedAsync(app.Storage, "r-1");
        await app.DropAsync(("r-1/deals/q2.csv", TestConfig.DealsHeader + "\nA-1,2026-05-04,C-1,Suite,1,1100.00,1000.00,USD,won,\n"));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await app.CloseUntilSettledAsync(Q2)).RuntimeStatus);
        var evidence = Path.Combine(Directory.CreateTempSubdirectory("inquiry-").FullName, "order-A-1.pdf");
        await File.WriteAllTextAsync(evidence, "%PDF-1.4\n% purchase order A-1: 1,150.00 net\n%%EOF\n");

        // The partner opens an inquiry on its Q2 band line, with the order as evidence.
        await using var partnerContext = await web.Browser.NewContextAsync();
        var partner = await partnerContext.NewPageAsync();
        await partner.GotoAsync($"{app.BaseUrl}/partners/r-1?quarter=2026Q2");
        await ScorecardBrowserTests.SignInAsync(partner, await app.PartnerKeyAsync("r-1"));
        await partner.SelectOptionAsync("#inq-kind", "statement-line");
        await partner.FillAsync("#inq-reference", "band");
        await partner.FillAsync("#inq-message", "A-1 was 1,150 net, not 1,000: see the order.");
        await partner.SetInputFilesAsync("#inq-evidence", evidence);
        await partner.GetByRole(AriaRole.Button, new() { Name = "Send to finance" }).ClickAsync();
        await partner.WaitForURLAsync("**/partners/r-1?quarter=2026Q2*");
        var row = partner.Locator("#inquiries tr[data-inquiry]");
        Assert.Equal(1, await row.CountAsync());
        var id = await row.GetAttributeAsync("data-inquiry");
        Assert.Contains("open, waiting for finance", await row.TextContentAsync(), StringComparison.Ordinal);

        // Finance sees it in the console with its evidence, replies, then resolves it as corrected.
        await using var financeContext = await web.Browser.NewContextAsync();
        var finance = await financeContext.NewPageAsync();
        await finance.GotoAsync($"{app.BaseUrl}/finance");
        await ScorecardBrowserTests.SignInAsync(finance, await app.FinanceKeyAsync("ana", ApiKeyRoles.Approver));
        var card = finance.Locator($"article.inquiry[data-inquiry='{id}']");
        Assert.Contains("statement-line band (2026Q2)", await card.TextContentAsync(), StringComparison.Ordinal);
        var download = await finance.APIRequest.GetAsync(app.BaseUrl + await card.Locator("p.evidence a").GetAttributeAsync("href"));
        Assert.Equal(200, download.Status);
        Assert.StartsWith("%PDF-1.4", Encoding.ASCII.GetString(await download.BodyAsync()), StringComparison.Ordinal);
        Assert.StartsWith("attachment", download.Headers["content-disposition"], StringComparison.Ordinal);
        await card.Locator("form.inquiry-reply textarea").FillAsync("Checking the order with sales.");
        await card.Locator("form.inquiry-reply").GetByRole(AriaRole.Button, new() { Name = "Reply" }).ClickAsync();
        await finance.WaitForURLAsync("**/finance?sent=*");
        card = finance.Locator($"article.inquiry[data-inquiry='{id}']");
        Assert.Contains("Checking the order with sales.", await card.TextContentAsync(), StringComparison.Ordinal);
        var resolve = card.Locator("form.inquiry-resolve");
        await resolve.Locator("select[name=resolution]").SelectOptionAsync("corrected");
        await resolve.Locator("input[name=amount]").FillAsync("12.00");
        await resolve.Locator("textarea").FillAsync("A-1 is 1,150 net: 8% of 150 more.");
        await resolve.GetByRole(AriaRole.Button, new() { Name = "Resolve" }).ClickAsync();
        await finance.WaitForURLAsync("**/finance?sent=*");
        Assert.Equal(0, await finance.Locator($"article.inquiry[data-inquiry='{id}']").CountAsync());

        // The next close pays it on a line that names the inquiry; the scorecard reads it resolved.
        await app.DropAsync(("r-1/deals/q3.csv", TestConfig.DealsCsv("B-1")));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await app.CloseUntilSettledAsync(WebApp.Q3)).RuntimeStatus);
        var lines = Encoding.UTF8.GetString((await app.Storage.Container(Names.Statements).GetBlobClient(StatementPaths.LinesCsv(WebApp.Q3, "r-1")).DownloadContentAsync()).Value.Content.ToArray());
        var adjustment = lines.Split('\n').Single(l => l.Contains("prior-period-adjustment", StringComparison.Ordinal));
        Assert.Contains($"inquiry {id} resolved as corrected by ana", adjustment, StringComparison.Ordinal);
        Assert.Contains("12.00", adjustment, StringComparison.Ordinal);
        await partner.GotoAsync($"{app.BaseUrl}/partners/r-1?quarter=2026Q3");
        Assert.Contains("resolved: corrected", await partner.Locator($"#inquiries tr[data-inquiry='{id}']").TextContentAsync(), StringComparison.Ordinal);
    }
}
