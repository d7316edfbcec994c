using Microsoft.Azure.Functions.Worker;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Pipeline.Functions.Hosting;
using Pipeline.Access;

namespace Pipeline.Functions.Web;

/// <summary>
/// httpTrigger <c>GET|POST /auth/sign-in</c>: a form that takes a partner or finance API key and, when the key is
/// valid, sets the session cookie and sends the browser to its page (the partner's scorecard, or the finance console).
/// </summary>
public sealed class WebSignInFunction(ApiKeyStore keys, WebSessions sessions, ILogger<WebSignInFunction> logger)
{
    public const string Name = "WebSignIn";

    [Function(Name)]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "auth/sign-in")] HttpRequest request, CancellationToken cancellationToken) =>
        HttpTrigger.RunAsync(request, HandleAsync, cancellationToken);

    public async Task<HttpTriggerResponse> HandleAsync(HttpTriggerRequest request, CancellationToken cancellationToken)
    {
        var next = SafeNext(request.QueryValue("next"));
        if (!string.Equals(request.Method, "POST", StringComparison.OrdinalIgnoreCase)) return Form(200, next, null);

        if (IsCrossSite(request))
        {
            // A sign-in posted by another site's page would sign the browser in as that site chooses (login CSRF).
            WebLogs.SignInRefused(logger, "(cross-site form)", $"origin {Access.LogText.Clean(request.Header("origin") ?? request.Header("sec-fetch-site"))}");
            return Form(403, next, "Sign in with this site's own form.");
        }

        var form = WebForms.Parse(request.Body);
        next = SafeNext(form.GetValueOrDefault("next")) ?? next;
        var check = await keys.VerifyAsync(form.GetValueOrDefault("key")?.Trim(), cancellationToken);
        if (!check.IsValid)
        {
            WebLogs.SignInRefused(logger, check.PublicId ?? "(malformed)", check.Verdict.ToString());
            var message = check.Verdict switch
            {
                ApiKeyVerdict.Missing => "Enter your API key.",
                ApiKeyVerdict.Expired => "This key has expired; ask finance for a new one.",
                ApiKeyVerdict.Revoked => "This key has been revoked.",
                _ => "This key is not valid.",
            };
            return Form(401, next, message);
        }

        var key = check.Key!;
        var (token, expires) = await sessions.CreateAsync(key, cancellationToken);
        WebLogs.SignedIn(logger, key.PublicId, key.Kind.ToString(), key.Subject);
        var home = key.Kind == ApiKeyKind.Partner ? $"/partners/{Uri.EscapeDataString(key.Subject)}" : "/finance";
        return Html.Redirect(next ?? home, WebSessions.SetCookie(request, token, expires));
    }

    private static HttpTriggerResponse Form(int status, string? next, string? error)
    {
        var main = "<h1>Sign in</h1>"
                   + "<p>Partners sign in with their partner key (<code>pp_…</code>), finance with a finance key (<code>pf_…</code>).</p>"
                   + (error is null ? "" : $"<p class=\"error\" role=\"alert\" id=\"signin-error\">{Html.E(error)}</p>")
                   + "<form class=\"signin\" method=\"post\" action=\"/auth/sign-in\">"
                   + (next is null ? "" : $"<input type=\"hidden\" name=\"next\" value=\"{Html.E(next)}\">")
                   + "<label for=\"key\">API key</label>"
                   + $"<input id=\"key\" name=\"key\" type=\"password\" autocomplete=\"current-password\" required spellcheck=\"false\"{(error is null ? "" : " aria-describedby=\"signin-error\" aria-invalid=\"true\"")}>"
                   + "<button type=\"submit\">Sign in</button></form>";
        return Html.Response(status, Html.Page("Sign in", null, main));
    }

    /// <summary>Only a path on this site: an absolute or protocol-relative URL would make the form an open redirect, and a
    /// character outside printable ASCII cannot go into the Location header as it is.</summary>
    internal static string? SafeNext(string? next) =>
        next is { Length: > 1 } n && n[0] == '/' && n[1] != '/' && n[1] != '\\' && n.All(c => c is >= ' ' and < (char)0x7F) ? n : null;

    /// <summary>
    /// A request a browser sent from another site's page. Browsers say where a request comes from in its Fetch metadata
    /// (<c>Sec-Fetch-Site</c>: only <c>same-origin</c> and <c>none</c>, a typed address, pass); without it, the Origin must
    /// be this host or the host a front end forwarded it for. A client that sends neither (a script) is no browser.
    /// </summary>
    internal static bool IsCrossSite(HttpTriggerRequest request)
    {
        if (request.Header("sec-fetch-site") is { Length: > 0 } site)
            return !site.Equals("same-origin", StringComparison.OrdinalIgnoreCase) && !site.Equals("none", StringComparison.OrdinalIgnoreCase);
        if (request.Header("origin") is not { Length: > 0 } origin) return false;
        return !(Uri.TryCreate(origin, UriKind.Absolute, out var from)
                 && new[] { request.Header("host"), request.Header("x-forwarded-host") }.Contains(from.Authority, StringComparer.OrdinalIgnoreCase));
    }
}

/// <summary>httpTrigger <c>POST /auth/sign-out</c>: ends the session on the server and clears its cookie (with the form token, like every POST).</summary>
public sealed class WebSignOutFunction(WebSessions sessions)
{
    public const string Name = "WebSignOut";

    [Function(Name)]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/sign-out")] HttpRequest request, CancellationToken cancellationToken) =>
        HttpTrigger.RunAsync(request, HandleAsync, cancellationToken);

    public async Task<HttpTriggerResponse> HandleAsync(HttpTriggerRequest request, CancellationToken cancellationToken)
    {
        var caller = await sessions.ResolveAsync(request, cancellationToken);
        if (caller is not null && !WebSessions.IsValidCsrf(caller, WebForms.Parse(request.Body).GetValueOrDefault("csrf")))
            return Html.Problem(403, "Not allowed", "The form expired; reload the page and try again.", caller);
        if (caller is not null) await sessions.EndAsync(caller, cancellationToken);
        return Html.Redirect("/auth/sign-in", WebSessions.SetCookie(request, "", null));
    }
}

/// <summary>Form posts (<c>application/x-www-form-urlencoded</c>): the first value of each field.</summary>
public static class WebForms
{
    public static Dictionary<string, string> Parse(string? body) =>
        string.IsNullOrEmpty(body)
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : QueryHelpers.ParseQuery(body).ToDictionary(p => p.Key, p => p.Value.ToString() ?? "", StringComparer.Ordinal);
}
