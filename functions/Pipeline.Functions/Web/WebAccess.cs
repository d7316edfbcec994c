using Microsoft.Extensions.Logging;
using Pipeline.Functions.Access;
using Pipeline.Functions.Hosting;

namespace Pipeline.Functions.Web;

/// <summary>The outcome of an access check for a web view: who may proceed, or what to answer instead.</summary>
public sealed record WebDecision(WebCaller? Caller, HttpTriggerResponse? Refusal);

/// <summary>
/// Who may see a web view. Pages need a session (no session: to the sign-in form). A partner sees only its own
/// partner's pages; finance (reader or approver) sees every partner's and the console; acting needs an approver.
/// The JSON endpoints also take the <c>x-api-key</c> header, checked by <see cref="AccessControl"/> like every API.
/// </summary>
public sealed class WebAccess(WebSessions sessions, AccessControl access, ILogger<WebAccess> logger)
{
    public async Task<WebDecision> PartnerPageAsync(HttpTriggerRequest request, string function, string partnerId, CancellationToken cancellationToken)
    {
        var caller = await sessions.ResolveAsync(request, cancellationToken);
        if (caller is null) return new WebDecision(null, SignInFirst(request));
        if (caller.IsPartner && !string.Equals(caller.Key.Subject, partnerId, StringComparison.Ordinal))
        {
            WebLogs.Forbidden(logger, function, caller.Key.PublicId, caller.Key.Kind.ToString(), caller.Key.Subject, "another partner's page");
            return new WebDecision(null, Html.Problem(403, "Not allowed", "You may see only your own partner's pages.", caller, offerSignIn: true));
        }

        return new WebDecision(caller, null);
    }

    /// <summary>The scorecard's JSON: a partner key in <c>x-api-key</c> (as every partner API), or the page's session.</summary>
    public async Task<WebDecision> PartnerDataAsync(HttpTriggerRequest request, string function, string partnerId, CancellationToken cancellationToken)
    {
        if (request.Header(AccessControl.ApiKeyHeader) is not null)
        {
            var decision = await access.PartnerAsync(request, function, partnerId, cancellationToken);
            return decision.Allowed ? new WebDecision(new WebCaller(decision.Key!, ""), null) : new WebDecision(null, decision.Refusal);
        }

        var caller = await sessions.ResolveAsync(request, cancellationToken);
        if (caller is null) return new WebDecision(null, HttpResponses.Error(401, "Sign in, or send a partner API key in the x-api-key header."));
        if (caller.IsPartner && !string.Equals(caller.Key.Subject, partnerId, StringComparison.Ordinal))
        {
            WebLogs.Forbidden(logger, function, caller.Key.PublicId, caller.Key.Kind.ToString(), caller.Key.Subject, "another partner's data");
            return new WebDecision(null, HttpResponses.Error(403, "This session may not access that partner's data."));
        }

        return new WebDecision(caller, null);
    }

    public async Task<WebDecision> FinancePageAsync(HttpTriggerRequest request, string function, CancellationToken cancellationToken)
    {
        var caller = await sessions.ResolveAsync(request, cancellationToken);
        if (caller is null) return new WebDecision(null, SignInFirst(request));
        if (!caller.IsFinance)
        {
            WebLogs.Forbidden(logger, function, caller.Key.PublicId, caller.Key.Kind.ToString(), caller.Key.Subject, "finance page");
            return new WebDecision(null, Html.Problem(403, "Not allowed", "The finance console needs a finance key.", caller, offerSignIn: true));
        }

        return new WebDecision(caller, null);
    }

    private static HttpTriggerResponse SignInFirst(HttpTriggerRequest request)
    {
        var path = Uri.TryCreate(request.Url, UriKind.Absolute, out var url) ? url.PathAndQuery : "/";
        return Html.Redirect("/auth/sign-in?next=" + Uri.EscapeDataString(path));
    }
}
