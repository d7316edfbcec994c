using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Pipeline.Functions.Hosting;

namespace Pipeline.Functions.Web;

/// <summary>
/// HTML building blocks. Every value from data goes through <see cref="E"/> (partner names, deal ids and reasons come
/// from partners and finance, so they may hold markup or formula text); markup is written only by this code.
/// </summary>
public static class Html
{
    /// <summary>Only the app's own files: the CSS and JS are served by <see cref="WebAssetFunction"/>, nothing inline.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    /// <summary>HTML-encodes text for an element body or a quoted attribute.</summary>
    public static string E(string? text) => Encoder.Encode(text ?? "");

    /// <summary>Money from decimal with its currency: <c>USD 12,345.00</c> (negative as <c>-USD 25.00</c>).</summary>
    public static string Money(decimal amount, string currency = "USD") =>
        (amount < 0 ? "-" : "") + currency + " " + Math.Abs(amount).ToString("#,##0.00", CultureInfo.InvariantCulture);

    public static string Number(decimal value, string format = "0.####") => value.ToString(format, CultureInfo.InvariantCulture);

    public static string When(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>A whole page: skip link, header with who is signed in and a sign-out button, the main content and the script.</summary>
    public static string Page(string title, WebCaller? caller, string main, string mainAttributes = "")
    {
        var b = new StringBuilder(4096);
        b.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
         .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
         .Append("<title>").Append(E(title)).Append(" · Partner Payouts</title>")
         .Append("<link rel=\"stylesheet\" href=\"/web/app.css\"></head><body>")
         .Append("<a class=\"skip\" href=\"#main\">Skip to content</a>")
         .Append("<header class=\"top\"><span class=\"brand\">Partner Payouts</span>");
        if (caller is not null)
        {
            var who = caller.IsPartner ? $"partner {caller.Key.Subject}" : $"{caller.Key.Subject} (finance {caller.Key.Role})";
            b.Append("<form class=\"signout\" method=\"post\" action=\"/auth/sign-out\">")
             .Append("<span>Signed in as ").Append(E(who)).Append("</span>")
             .Append(CsrfField(caller))
             .Append("<button type=\"submit\">Sign out</button></form>");
        }

        b.Append("</header><main id=\"main\"").Append(mainAttributes).Append('>').Append(main).Append("</main>")
         .Append("<script src=\"/web/app.js\" defer></script></body></html>");
        return b.ToString();
    }

    public static string CsrfField(WebCaller caller) => $"<input type=\"hidden\" name=\"csrf\" value=\"{E(caller.CsrfToken)}\">";

    /// <summary>An HTML answer with the security headers every page carries.</summary>
    public static HttpTriggerResponse Response(int status, string html, string? setCookie = null)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Content-Type"] = "text/html; charset=utf-8",
            ["Content-Security-Policy"] = ContentSecurityPolicy,
            // Pages show a partner's money: no shared cache may keep them.
            ["Cache-Control"] = "no-store",
            ["X-Content-Type-Options"] = "nosniff",
            ["Referrer-Policy"] = "no-referrer",
        };
        if (setCookie is not null) headers["Set-Cookie"] = setCookie;
        return new HttpTriggerResponse(status, html, headers);
    }

    public static HttpTriggerResponse Redirect(string location, string? setCookie = null)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Location"] = location, ["Cache-Control"] = "no-store" };
        if (setCookie is not null) headers["Set-Cookie"] = setCookie;
        return new HttpTriggerResponse(303, "", headers);
    }

    /// <summary>401/403/404 and friends as a page a person reads.</summary>
    public static HttpTriggerResponse Problem(int status, string title, string message, WebCaller? caller, bool offerSignIn = false)
    {
        var main = $"<h1>{E(title)}</h1><p>{E(message)}</p>"
                   + (offerSignIn ? "<p><a href=\"/auth/sign-in\">Sign in with another key</a></p>" : "");
        return Response(status, Page(title, caller, main));
    }
}
