using System.Globalization;
using Microsoft.Playwright;
using Pipeline.Domain;
using Pipeline.Domain.Deals;
using Pipeline.Domain.Partners;
using Pipeline.Domain.Payouts;
using Pipeline.Domain.Programs;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Web.Tests;

[Collection(WebFixture.Collection)]
public sealed class ScorecardBrowserTests(WebFixture web)
{
    // TestConfig registers r-* as resellers with a quarterly target of 100,000.00, joined 2024-01-15.
    private static readonly Partner Reseller = new("r-1", "Reseller r-1", PartnerType.Reseller, 0m, 100000.00m, new DateOnly(2024, 1, 15));

    [Fact]
    public async Task A_partner_signs_in_and_sees_the_calculators_projected_payout_for_the_quarter_to_date()
    {
        await using var app = await WebApp.StartAsync(web.Azurite.NewConnectionString());
        await TestConfig.SeedAsync(app.Storage, "r-1");
        string[] deals = ["A-1", "A-2", "A-3"];
        await app.DropAsync(("r-1/deals/july.csv", TestConfig.DealsCsv(deals)));
        var key = await app.PartnerKeyAsync("r-1");

        await using var context = await web.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{app.BaseUrl}/partners/r-1");
        Assert.EndsWith("/auth/sign-in?next=%2Fpartners%2Fr-1", page.Url, StringComparison.Ordinal);
        await SignInAsync(page, key);

        Assert.EndsWith("/partners/r-1", page.Url, StringComparison.Ordinal);
        Assert.Contains("2026Q3", await page.TextContentAsync("h1 + p.sub"), StringComparison.Ordinal);
        Assert.Equal("Projection - not a statement", await page.TextContentAsync(".badge"));
        var expected = Expected(deals);
        Assert.True(expected.TotalEarned > 0m);
        Assert.Equal(expected.TotalEarned.ToString("0.00", CultureInfo.InvariantCulture), await page.GetAttributeAsync("#projected-total", "data-amount"));
        Assert.Equal($"USD {expected.TotalEarned.ToString("#,##0.00", CultureInfo.InvariantCulture)}", await page.TextContentAsync("#projected-total"));
        // The drop is listed with its counts; the next band is named with what it takes.
        Assert.Contains("july.csv", await page.TextContentAsync("#sc-drops"), StringComparison.Ordinal);
        Assert.Contains("more qualifying revenue reaches band", await page.TextContentAsync("#sc-next"), StringComparison.Ordinal);
        // The terms it is computed under: the program in force and the quarter's cut-off.
        Assert.Equal("partner-growth 2025.1", await page.TextContentAsync("#program-version"));
        Assert.Equal("drops count for 2026Q3 until 2026-10-05", await page.TextContentAsync("#cut-off"));
    }

    [Fact]
    public async Task A_new_drop_changes_the_scorecard_without_a_reload()
    {
        await using var app = await WebApp.StartAsync(web.Azurite.NewConnectionString());
        await TestConfig.SeedAsync(app.Storage, "r-1");
        await app.DropAsync(("r-1/deals/july.csv", TestConfig.DealsCsv("A-1")));
        var key = await app.PartnerKeyAsync("r-1");

        await using var context = await web.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var navigations = 0;
        page.FrameNavigated += (_, frame) => { if (frame == page.MainFrame) navigations++; };
        await page.GotoAsync($"{app.BaseUrl}/auth/sign-in?next=%2Fpartners%2Fr-1");
        await SignInAsync(page, key);
        var before = await page.GetAttributeAsync("#projected-total", "data-amount");
        Assert.Equal(Expected(["A-1"]).TotalEarned.ToString("0.00", CultureInfo.InvariantCulture), before);
        await page.EvaluateAsync("() => { window.__marker = 'still here'; }");
        var navigationsBefore = navigations;

        await app.DropAsync(("r-1/deals/august.csv", TestConfig.DealsCsv("B-1", "B-2")));
        var expected = Expected(["A-1", "B-1", "B-2"]).TotalEarned.ToString("0.00", CultureInfo.InvariantCulture);
        await page.WaitForFunctionAsync("v => document.getElementById('projected-total')?.dataset.amount === v", expected, new PageWaitForFunctionOptions { Timeout = 20_000 });

        Assert.Equal("still here", await page.EvaluateAsync<string>("() => window.__marker"));
        Assert.Equal(navigationsBefore, navigations);
        Assert.Contains("august.csv", await page.TextContentAsync("#sc-drops"), StringComparison.Ordinal);
        Assert.StartsWith("Updated at", await page.TextContentAsync("#live"), StringComparison.Ordinal);
    }

    internal static async Task SignInAsync(IPage page, string key)
    {
        await page.GetByLabel("API key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }

    /// <summary>The payout computed independently: the calculator on the deals as the test wrote them (TestConfig.DealsCsv:
    /// won, USD, list 1,000.00, net 900.00, closed 2026-07-01 onwards).</summary>
    private static PayoutResult Expected(IReadOnlyList<string> dealIds) =>
        PayoutCalculator.Calculate(ProgramDefinitions.Reference, new PayoutInput
        {
            Partner = Reseller,
            Quarter = WebApp.Q3,
            Deals = [.. dealIds.Select((id, i) => new NormalisedDeal(id, "r-1", new DateOnly(2026, 7, 1 + i % 28), "Suite", 1, 1000.00m, 900.00m, "USD", 900.00m, 1000.00m))],
        });
}
