using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Azure;
using Pipeline.Access;
using Pipeline.Testing;
using Pipeline.LocalHost;
using Xunit;

namespace Pipeline.Functions.Tests.Web;

/// <summary>
/// The web views over HTTP, as a browser reaches them behind Azure's front end: HTML bodies, Location and Set-Cookie
/// headers, Secure cookies over HTTPS only; values are HTML-encoded; posts need the form token.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class WebContractTests(AzuriteFixture azurite)
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task Sign_in_sets_a_secure_http_only_strict_cookie_and_the_page_comes_back_as_html_over_http()
    {
        await using var app = await TestApp.StartAsync(azurite.NewConnectionString(), triggers: false);
        var key = (await app.Services.GetRequiredService<ApiKeyStore>().IssueFinanceKeyAsync("ana", ApiKeyRoles.Approver)).Key;

        var signIn = await InvokeAsync(app, "WebSignIn", "https://payouts.example/auth/sign-in", "POST", body: $"key={key}&next=%2Ffinance");
        Assert.Equal(303, signIn["statusCode"]!.GetValue<int>());
        var headers = signIn["headers"]!.AsObject();
        Assert.Equal("/finance", headers["Location"]!.GetValue<string>());
        var setCookie = headers["Set-Cookie"]!.GetValue<string>();
        Assert.StartsWith(WebSessionsCookie + "=", setCookie, StringComparison.Ordinal);
        foreach (var attribute in new[] { "; Path=/", "; HttpOnly", "; SameSite=Strict", "; Secure" }) Assert.Contains(attribute, setCookie, StringComparison.Ordinal);
        Assert.DoesNotContain(key[3..], setCookie, StringComparison.Ordinal);

        var cookie = setCookie.Split(';')[0];
        var page = await InvokeAsync(app, "FinanceConsole", "https://payouts.example/finance", "GET", cookie: cookie);
        Assert.Equal(200, page["statusCode"]!.GetValue<int>());
        Assert.StartsWith("text/html", page["headers"]!["Content-Type"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("default-src 'self'", page["headers"]!["Content-Security-Policy"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("<!doctype html>", page["body"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("Finance console", page["body"]!.GetValue<string>(), StringComparison.Ordinal);

        // Over plain http (local runs) the cookie cannot be Secure, or the browser would drop it.
        var local = await InvokeAsync(app, "WebSignIn", "http://127.0.0.1:7071/auth/sign-in", "POST", body: $"key={key}");
        Assert.DoesNotContain("Secure", local["headers"]!["Set-Cookie"]!.GetValue<string>(), StringComparison.Ordinal);

        // A forged cookie is no session: back to the sign-in form.
        var forged = await InvokeAsync(app, "FinanceConsole", "https://payouts.example/finance", "GET", cookie: cookie[..^4] + "AAAA");
        Assert.Equal(303, forged["statusCode"]!.GetValue<int>());
        Assert.StartsWith("/auth/sign-in", forged["headers"]!["Location"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hostile_partner_names_are_encoded_and_revoking_the_key_ends_the_session()
    {
        await using var app = await TestApp.StartAsync(azurite.NewConnectionString(), triggers: false);
        const string name = "<script>alert(1)</script> =HYPERLINK(1) 日本語 Ünïcødé";
        await app.Storage.Container(Names.Config).GetBlobClient("partners.csv").UploadAsync(
            BinaryData.FromString($"partner_id,name,type,base_fee,quarterly_target,joined,status\nr-1,{name},reseller,0,100000.00,2024-01-15,active\n"), overwrite: true);
        await app.Storage.Container(Names.Config).GetBlobClient("fx/rates.csv").UploadAsync(BinaryData.FromString("date,currency,usd_per_unit\n2025-01-01,EUR,1.1000\n"), overwrite: true);
        var keys = app.Services.GetRequiredService<ApiKeyStore>();
        var issued = await keys.IssuePartnerKeyAsync("r-1");
        var cookie = (await InvokeAsync(app, "WebSignIn", "http://127.0.0.1/auth/sign-in", "POST", body: $"key={issued.Key}"))["headers"]!["Set-Cookie"]!.GetValue<string>().Split(';')[0];

        var page = await InvokeAsync(app, "PartnerScorecard", "http://127.0.0.1/partners/r-1", "GET", cookie: cookie, routeId: "r-1");
        var html = page["body"]!.GetValue<string>();
        Assert.Equal(200, page["statusCode"]!.GetValue<int>());
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; =HYPERLINK(1) 日本語 Ünïcødé", html, StringComparison.Ordinal);
        Assert.Contains("Projection - not a statement", html, StringComparison.Ordinal);

        await keys.RevokeAsync(ApiKeyKind.Partner, "r-1", issued.Record.KeyId);
        var after = await InvokeAsync(app, "PartnerScorecard", "http://127.0.0.1/partners/r-1", "GET", cookie: cookie, routeId: "r-1");
        Assert.Equal(303, after["statusCode"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_finance_decision_post_without_the_form_token_is_refused()
    {
        await using var app = await TestApp.StartAsync(azurite.NewConnectionString(), triggers: false);
        var key = (await app.Services.GetRequiredService<ApiKeyStore>().IssueFinanceKeyAsync("ana", ApiKeyRoles.Approver)).Key;
        var cookie = (await InvokeAsync(app, "WebSignIn", "http://127.0.0.1/auth/sign-in", "POST", body: $"key={key}"))["headers"]!["Set-Cookie"]!.GetValue<string>().Split(';')[0];

        var res = await InvokeAsync(app, "FinanceDecision", "http://127.0.0.1/finance/closes/2026Q3/decisions", "POST",
            body: "partner=r-1&action=release&reason=ok&csrf=forged", cookie: cookie, quarter: "2026Q3");
        Assert.Equal(403, res["statusCode"]!.GetValue<int>());
        Assert.Contains("form expired", res["body"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sign_in_posted_from_another_site_is_refused_and_a_next_outside_ascii_falls_back_to_the_home_page()
    {
        await using var app = await TestApp.StartAsync(azurite.NewConnectionString(), triggers: false);
        var key = (await app.Services.GetRequiredService<ApiKeyStore>().IssueFinanceKeyAsync("ana", ApiKeyRoles.Approver)).Key;

        foreach (var (name, value) in new[] { ("Origin", "https://evil.example"), ("Sec-Fetch-Site", "cross-site") })
        {
            using var forged = new HttpRequestMessage(HttpMethod.Post, new Uri(app.BaseAddress, "auth/sign-in"))
            {
                Content = new StringContent($"key={key}&next=%2Ffinance", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"),
            };
            forged.Headers.Add(name, value);
            using var refused = await NoRedirects.SendAsync(forged);
            Assert.Equal((name, HttpStatusCode.Forbidden), (name, refused.StatusCode));
            Assert.False(refused.Headers.Contains("Set-Cookie"));
            Assert.Contains("Sign in with this site", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var sameSite = new HttpRequestMessage(HttpMethod.Post, new Uri(app.BaseAddress, "auth/sign-in"))
        {
            Content = new StringContent($"key={key}&next=%2Ffinance%C3%A9", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        sameSite.Headers.Add("Origin", app.BaseAddress.GetLeftPart(UriPartial.Authority));
        using var signedIn = await NoRedirects.SendAsync(sameSite);
        Assert.Equal(HttpStatusCode.SeeOther, signedIn.StatusCode);
        Assert.Equal("/finance", signedIn.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Signing_out_ends_the_session_on_the_server_so_the_old_cookie_signs_nobody_in()
    {
        await using var app = await TestApp.StartAsync(azurite.NewConnectionString(), triggers: false);
        var key = (await app.Services.GetRequiredService<ApiKeyStore>().IssueFinanceKeyAsync("ana", ApiKeyRoles.Reader)).Key;
        var cookie = (await InvokeAsync(app, "WebSignIn", "http://127.0.0.1/auth/sign-in", "POST", body: $"key={key}"))["headers"]!["Set-Cookie"]!.GetValue<string>().Split(';')[0];
        var page = await InvokeAsync(app, "FinanceConsole", "http://127.0.0.1/finance", "GET", cookie: cookie);
        var csrf = System.Text.RegularExpressions.Regex.Match(page["body"]!.GetValue<string>(), "name=\"csrf\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(csrf);

        var signOut = await InvokeAsync(app, "WebSignOut", "http://127.0.0.1/auth/sign-out", "POST", body: $"csrf={Uri.EscapeDataString(csrf)}", cookie: cookie);
        Assert.Equal(303, signOut["statusCode"]!.GetValue<int>());
        Assert.Contains("Max-Age=0", signOut["headers"]!["Set-Cookie"]!.GetValue<string>(), StringComparison.Ordinal);

        // The browser dropped the cookie; a copy of it is refused all the same.
        var replayed = await InvokeAsync(app, "FinanceConsole", "http://127.0.0.1/finance", "GET", cookie: cookie);
        Assert.Equal(303, replayed["statusCode"]!.GetValue<int>());
        Assert.StartsWith("/auth/sign-in", replayed["headers"]!["Location"]!.GetValue<string>(), StringComparison.Ordinal);
        // The key itself still works: a new sign-in is a new session.
        var again = (await InvokeAsync(app, "WebSignIn", "http://127.0.0.1/auth/sign-in", "POST", body: $"key={key}"))["headers"]!["Set-Cookie"]!.GetValue<string>().Split(';')[0];
        Assert.Equal(200, (await InvokeAsync(app, "FinanceConsole", "http://127.0.0.1/finance", "GET", cookie: again))["statusCode"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_scorecard_is_built_again_only_when_a_drop_or_a_close_changed_what_it_shows()
    {
        await using var app = await TestApp.StartAsync(azurite.NewConnectionString());
        await TestConfig.SeedAsync(app.Storage, "r-1");
        var scorecards = app.Get<Pipeline.Functions.Web.ScorecardService>();
        var quarter = new Pipeline.Domain.Quarter(2026, 3);

        var first = await scorecards.BuildAsync("r-1", quarter, CancellationToken.None);
        var polled = await scorecards.BuildAsync("r-1", quarter, CancellationToken.None);
        Assert.Same(first, polled); // nothing new: the kept scorecard, no lake read, no calculation

        await app.Storage.Container(Names.Drops).GetBlobClient("r-1/deals/q3.csv").UploadAsync(BinaryData.FromString(TestConfig.DealsCsv("A-1")));
        await Eventually.GetAsync(() => TestAudit.AllAsync(app.Storage), r => r.Count == 1);
        var afterDrop = await scorecards.BuildAsync("r-1", quarter, CancellationToken.None);

        Assert.NotSame(first, afterDrop);
        Assert.NotEqual(first!.Version, afterDrop!.Version);
        Assert.Single(afterDrop.Drops);
        Assert.True(afterDrop.Projection.TotalEarned > first.Projection.TotalEarned);
        Assert.Same(afterDrop, await scorecards.BuildAsync("r-1", quarter, CancellationToken.None));
    }

    [Fact]
    public async Task The_scorecard_poll_answers_304_without_a_body_when_nothing_changed()
    {
        var logs = new Access.CapturedLogs();
        await using var app = await TestApp.StartAsync(azurite.NewConnectionString(), triggers: false,
            services: s => s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs));
        await TestConfig.SeedAsync(app.Storage, "r-1");
        var key = (await app.Services.GetRequiredService<ApiKeyStore>().IssuePartnerKeyAsync("r-1")).Key;
        HttpRequestMessage Poll(string? etag)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, new Uri(app.BaseAddress, "api/partners/r-1/scorecard?quarter=2026Q3"));
            request.Headers.Add("x-api-key", key);
            if (etag is not null) request.Headers.TryAddWithoutValidation("If-None-Match", etag);
            return request;
        }

        using var first = await NoRedirects.SendAsync(Poll(null));
        var etag = first.Headers.ETag!.Tag;
        using var again = await NoRedirects.SendAsync(Poll(etag));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, again.Headers.ETag!.Tag);
        // The server wrote no body either (Kestrel logs an error for a 304 with one, after the client has its answer).
        Assert.DoesNotContain(logs.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
    }

    private const string WebSessionsCookie = Pipeline.Functions.Web.WebSessions.CookieName;

    private static readonly HttpClient NoRedirects = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });

    /// <summary>A request to the app over HTTP; a request for an https URL arrives as from a TLS-terminating front end
    /// (X-Forwarded-Proto), as in Azure. The answer as {statusCode, headers, body}.</summary>
    private static async Task<JsonNode> InvokeAsync(LocalApp app, string function, string url, string method, string? body = null, string? cookie = null, string? routeId = null, string? quarter = null)
    {
        var target = new Uri(url);
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(app.BaseAddress, target.PathAndQuery.TrimStart('/')));
        if (body is not null) request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        if (target.Scheme == "https") request.Headers.Add("X-Forwarded-Proto", "https");
        using var response = await NoRedirects.SendAsync(request);
        var headers = new JsonObject();
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers)) headers[name] = string.Join(", ", values);
        return new JsonObject { ["statusCode"] = (int)response.StatusCode, ["headers"] = headers, ["body"] = await response.Content.ReadAsStringAsync() };
    }
}
