// Screenshots of the web views on the demo data, desktop and phone widths, for docs/ and the README.
// The demo's data is ingested into a throwaway Azurite; 2025Q4 and 2026Q1 are closed, the 2026Q2 close is left
// waiting for finance on its duplicate-deal hold, and the views' clock is pinned to mid-2026Q3, so the scorecard
// shows a quarter in progress and the console a held close.
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Pipeline.Dev;
using Pipeline.LocalHost;
using Pipeline.Cli.Commands;
using Pipeline.Domain;
using Pipeline.Dev.Samples;
using Pipeline.Functions.Close;
using Pipeline.Functions.Web;
using Pipeline.Access;

var outDir = Path.GetFullPath(args.Length > 0 ? args[0] : "docs");
Directory.CreateDirectory(outDir);
var ct = CancellationToken.None;

await using var storage = await CliStorage.EphemeralAsync(ct);
await SampleData.IngestAsync(storage.ConnectionString, ct);
await using var web = await LocalApp.StartAsync(storage.ConnectionString, webClock: new WebClock(new FakeTimeProvider(new DateTimeOffset(2026, 8, 20, 9, 30, 0, TimeSpan.Zero))), cancellationToken: ct);
var closes = web.Closes;
foreach (var quarter in new[] { new Quarter(2025, 4), new Quarter(2026, 1), new Quarter(2026, 2) })
{
    var status = await CloseCommand.RunUntilSettledAsync(closes, quarter, ct);
    Console.WriteLine($"{quarter}: {CloseClient.Describe(status)}");
}

var keys = web.Get<ApiKeyStore>();
using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
{
    ExecutablePath = "/usr/bin/chromium",
    Headless = true,
    Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--font-render-hinting=none"],
});

async Task ShootAsync(string file, string key, string path, int width, int height, float scale)
{
    await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, DeviceScaleFactor = scale, IsMobile = width < 500, HasTouch = width < 500 });
    var page = await context.NewPageAsync();
    await page.GotoAsync($"{web.BaseUrl}/auth/sign-in?next={Uri.EscapeDataString(path)}");
    await page.GetByLabel("API key").FillAsync(key);
    await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(outDir, file), FullPage = true });
    Console.WriteLine($"{file}: {page.Url}");
}

async Task ShootPartAsync(string file, string key, string path, string selector)
{
    await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
    var page = await context.NewPageAsync();
    await page.GotoAsync($"{web.BaseUrl}/auth/sign-in?next={Uri.EscapeDataString(path)}");
    await page.GetByLabel("API key").FillAsync(key);
    await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    await page.Locator(selector).ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(outDir, file) });
    Console.WriteLine($"{file}: {page.Url} {selector}");
}

// An inquiry in progress: the partner asked about its 2026Q2 band line with its order attached; finance answered.
var inquiries = web.Get<Pipeline.Inquiries.InquiryStore>();
var asked = await inquiries.OpenAsync("contoso-resale", new Pipeline.Domain.Inquiries.InquirySubject("statement-line", "band", new Quarter(2026, 2)),
    "Deal CR-2026-0412 was booked at 48,500 net, not 41,200: the signed order is attached.", "contoso-resale", ct);
await inquiries.AddEvidenceAsync("contoso-resale", asked.Id, "order-CR-2026-0412.pdf", System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\n%%EOF\n"), ct);
await inquiries.ReplyAsync("contoso-resale", asked.Id, "Thanks: checking the order with sales operations.", "dana", fromFinance: true, ct);
await inquiries.OpenAsync("contoso-resale", new Pipeline.Domain.Inquiries.InquirySubject("deal", "CR-2026-0388", null),
    "CR-2026-0388 is not on my statement.", "contoso-resale", ct);

var reseller = (await keys.IssuePartnerKeyAsync("contoso-resale")).Key;
var agency = (await keys.IssuePartnerKeyAsync("northwind-creative")).Key;
var finance = (await keys.IssueFinanceKeyAsync("dana", ApiKeyRoles.Approver)).Key;
await ShootAsync("web-scorecard.png", reseller, "/partners/contoso-resale", 1280, 900, 1);
await ShootAsync("web-scorecard-agency.png", agency, "/partners/northwind-creative", 1280, 900, 1);
await ShootAsync("web-scorecard-phone.png", reseller, "/partners/contoso-resale", 390, 844, 2);
await ShootAsync("web-finance.png", finance, "/finance", 1280, 900, 1);
await ShootAsync("web-finance-phone.png", finance, "/finance", 390, 844, 2);
await ShootPartAsync("web-inquiry-partner.png", reseller, "/partners/contoso-resale?quarter=2026Q2", "#sc-inquiries");
await ShootPartAsync("web-inquiry-form.png", reseller, "/partners/contoso-resale?quarter=2026Q2", "#inquiry-form");
await ShootPartAsync("web-inquiry-finance.png", finance, "/finance", "#fc-inquiries");
