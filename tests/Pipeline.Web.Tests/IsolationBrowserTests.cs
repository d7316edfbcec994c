using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Web.Tests;

[Collection(WebFixture.Collection)]
public sealed class IsolationBrowserTests(WebFixture web)
{
    private static readonly HttpClient Http = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });

    [Fact]
    public async Task Partner_As_key_gets_no_data_of_partner_B_page_json_feedback_or_statements()
    {
        await using var app = await WebApp.StartAsync(web.Azurite.NewConnectionString());
        await TestConfig.SeedAsync(app.Storage, "r-1", "r-2");
        await app.DropAsync(("r-2/deals/secret.csv", TestConfig.DealsCsv("B-1") + "B-2,not-a-date,C,Suite,1,1,1,USD,won,\n"));
        var keyA = await app.PartnerKeyAsync("r-1");

        await using var context = await web.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{app.BaseUrl}/auth/sign-in");
        await ScorecardBrowserTests.SignInAsync(page, keyA);
        Assert.EndsWith("/partners/r-1", page.Url, StringComparison.Ordinal);
        var cookie = Assert.Single(await context.CookiesAsync());
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.DoesNotContain(keyA[3..], cookie.Value, StringComparison.Ordinal);

        // The page of B with A's session.
        var other = await page.GotoAsync($"{app.BaseUrl}/partners/r-2");
        Assert.Equal(403, other!.Status);
        var html = await page.ContentAsync();
        Assert.DoesNotContain("Reseller r-2", html, StringComparison.Ordinal);
        Assert.DoesNotContain("secret.csv", html, StringComparison.Ordinal);

        // B's scorecard JSON, feedback report and statements: with A's key, and with A's session cookie.
        var feedbackName = JsonDocument.Parse(await (await Http.SendAsync(Get("/api/partners/r-2/feedback", ("x-api-key", await app.PartnerKeyAsync("r-2"))))).Content.ReadAsStringAsync())
            .RootElement.GetProperty("files")[0].GetProperty("name").GetString()!;
        var session = ("cookie", $"{cookie.Name}={cookie.Value}");
        foreach (var path in new[]
        {
            "/api/partners/r-2/scorecard", "/api/partners/r-2/scorecard?quarter=2026Q3", "/api/partners/r-2/feedback", "/api/partners/r-2/statements",
            $"/partners/r-2/file?container=feedback&name={Uri.EscapeDataString(feedbackName)}", "/partners/r-2",
        })
        {
            foreach (var credential in new[] { ("x-api-key", keyA), session })
            {
                if (credential.Item1 == "x-api-key" && path.StartsWith("/partners/", StringComparison.Ordinal)) continue; // pages take sessions only
                var response = await Http.SendAsync(Get(path, credential));
                var body = await response.Content.ReadAsStringAsync();
                // 403 for a valid credential of another partner; the key-only APIs (feedback, statements) answer a
                // session cookie with 401: they take no cookies at all.
                var keyOnly = credential.Item1 == "cookie" && (path.EndsWith("/feedback", StringComparison.Ordinal) || path.EndsWith("/statements", StringComparison.Ordinal));
                Assert.True(response.StatusCode == (keyOnly ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden), $"{path} with {credential.Item1}: {(int)response.StatusCode} {body}");
                Assert.DoesNotContain("B-1", body, StringComparison.Ordinal);
                Assert.DoesNotContain("secret.csv", body, StringComparison.Ordinal);
            }
        }

        // A's own JSON works with either credential (the checks above refuse B, not everything).
        Assert.Equal(HttpStatusCode.OK, (await Http.SendAsync(Get("/api/partners/r-1/scorecard", ("x-api-key", keyA)))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Http.SendAsync(Get("/api/partners/r-1/scorecard", session))).StatusCode);

        // Signing out clears the cookie: the page asks for a key again.
        await page.GotoAsync($"{app.BaseUrl}/partners/r-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/auth/sign-in");
        Assert.Empty(await context.CookiesAsync());
        await page.GotoAsync($"{app.BaseUrl}/partners/r-1");
        Assert.Contains("/auth/sign-in?next=", page.Url, StringComparison.Ordinal);

        HttpRequestMessage Get(string path, (string Name, string Value) header)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, app.BaseUrl + path);
            request.Headers.TryAddWithoutValidation(header.Name, header.Value);
            return request;
        }
    }
}
