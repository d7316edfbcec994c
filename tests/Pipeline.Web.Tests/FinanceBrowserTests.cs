using System.Net;
using Microsoft.Playwright;
using Pipeline.Domain.Statements;
using Microsoft.DurableTask.Client;
using Pipeline.Azure;
using Pipeline.Access;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Web.Tests;

[Collection(WebFixture.Collection)]
public sealed class FinanceBrowserTests(WebFixture web)
{
    [Fact]
    public async Task An_approver_releases_the_holds_by_clicking_and_the_close_then_completes()
    {
        await using var app = await WebApp.StartAsync(web.Azurite.NewConnectionString());
        await TestConfig.SeedAsync(app.Storage, "r-1", "r-2");
        // One deal reported by two partners: the duplicate-deal check holds both payouts.
        await app.DropAsync(("r-1/deals/q3.csv", TestConfig.DealsCsv("A-1", "DUP-1")), ("r-2/deals/q3.csv", TestConfig.DealsCsv("B-1", "DUP-1")));
        var waiting = await app.CloseUntilSettledAsync(WebApp.Q3);
        Assert.StartsWith("waiting for finance: 2 partner(s) held", waiting.ReadCustomStatusAs<string>());

        // A reader sees the holds and the evidence, but has no buttons, and a forged post is refused.
        await using (var readerContext = await web.Browser.NewContextAsync())
        {
            var reader = await readerContext.NewPageAsync();
            await reader.GotoAsync($"{app.BaseUrl}/finance");
            await ScorecardBrowserTests.SignInAsync(reader, await app.FinanceKeyAsync("rita", ApiKeyRoles.Reader));
            Assert.Contains("DUP-1", await reader.TextContentAsync("#main"), StringComparison.Ordinal);
            Assert.Equal(0, await reader.GetByRole(AriaRole.Button, new() { Name = "Release" }).CountAsync());
            var forged = await reader.APIRequest.PostAsync($"{app.BaseUrl}/finance/closes/2026Q3/decisions", new()
            {
                Form = readerContext.APIRequest.CreateFormData().Set("partner", "r-1").Set("action", "release").Set("reason", "x"),
                MaxRedirects = 0,
            });
            Assert.Equal((int)HttpStatusCode.Forbidden, forged.Status);
        }

        await using var context = await web.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{app.BaseUrl}/finance");
        await ScorecardBrowserTests.SignInAsync(page, await app.FinanceKeyAsync("ana", ApiKeyRoles.Approver));
        Assert.EndsWith("/finance", page.Url, StringComparison.Ordinal);
        var anomalies = await page.TextContentAsync("section[aria-labelledby=fc-anomalies-h]");
        Assert.Contains("duplicate", anomalies, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("DUP-1", anomalies, StringComparison.Ordinal);

        foreach (var partner in new[] { "r-1", "r-2" })
        {
            var form = page.Locator($"form.decide:has(h3:text-is('{partner}'))");
            await form.GetByLabel("Reason").FillAsync($"checked with {partner}: its own licence");
            await form.GetByRole(AriaRole.Button, new() { Name = "Release", Exact = true }).ClickAsync();
            await page.WaitForURLAsync("**/finance?quarter=2026Q3&sent=*");
            Assert.Contains($"release {partner}", await page.TextContentAsync(".flash"), StringComparison.Ordinal);
        }

        var done = await app.Closes.WaitAsync(WebApp.Q3).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var statements = app.Storage.Container(Names.Statements);
        Assert.True(await statements.GetBlobClient(StatementPaths.StatementPdf(WebApp.Q3, "r-1")).ExistsAsync());
        Assert.True(await statements.GetBlobClient(StatementPaths.FinanceSummaryPdf(WebApp.Q3)).ExistsAsync());

        await page.GotoAsync($"{app.BaseUrl}/finance?quarter=2026Q3");
        var decisions = await page.TextContentAsync("section[aria-labelledby=fc-decisions-h]");
        Assert.Contains("ana", decisions, StringComparison.Ordinal);
        Assert.Contains("checked with r-2: its own licence", decisions, StringComparison.Ordinal);
        Assert.Contains("closed", await page.TextContentAsync("tr.current"), StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("a", new() { HasText = "2026Q3/finance-summary.pdf" }).CountAsync());
    }
}
