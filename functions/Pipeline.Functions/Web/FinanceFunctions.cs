using Microsoft.DurableTask.Client;
using Microsoft.Azure.Functions.Worker;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http;
using System.Globalization;
using Azure.Storage.Sas;
using Microsoft.Extensions.Logging;
using Pipeline.Terms;
using Pipeline.Domain;
using Pipeline.Domain.Close;
using Pipeline.Functions.Close;
using Pipeline.Functions.Hosting;
using Pipeline.Azure;
using Pipeline.Access;

namespace Pipeline.Functions.Web;

/// <summary>httpTrigger <c>GET /finance[?quarter=Q]</c>: the finance console (finance keys, reader or approver).</summary>
public sealed class FinanceConsoleFunction(WebAccess access, FinanceService finance, ProgramStore programs)
{
    public const string Name = "FinanceConsole";

    [Function(Name)]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "finance")] HttpRequest request,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        HttpTrigger.RunAsync(request, (r, ct) => HandleAsync(r, new CloseClient(client, programs), ct), cancellationToken);

    public async Task<HttpTriggerResponse> HandleAsync(HttpTriggerRequest request, CloseClient closes, CancellationToken cancellationToken)
    {
        var decision = await access.FinancePageAsync(request, Name, cancellationToken);
        if (decision.Caller is null) return decision.Refusal!;

        Quarter? asked = null;
        if (request.QueryValue("quarter") is { Length: > 0 } text)
        {
            if (!Quarter.TryParse(text, out var q)) return Html.Problem(400, "Unknown quarter", $"'{text}' is not a quarter (e.g. 2026Q2).", decision.Caller);
            asked = q;
        }

        var flash = request.QueryValue("sent") is { Length: > 0 } sent ? $"Decision sent ({sent}). The close continues once every held partner is decided; refresh to follow it." : null;
        return Html.Response(200, FinanceHtml.Page(await finance.BuildAsync(closes, asked, cancellationToken), decision.Caller, flash));
    }
}

/// <summary>
/// httpTrigger <c>POST /finance/closes/{quarter}/decisions</c>: the console's release / exclude held deals / adjust and
/// approve-all buttons. Needs an approver's session and the form token; raises the close's <c>decision</c> event
/// through <see cref="CloseClient"/>, exactly as the CLI and the finance API do.
/// </summary>
public sealed class FinanceDecisionFunction(WebAccess access, ProgramStore programs, ILogger<FinanceDecisionFunction> logger)
{
    public const string Name = "FinanceDecision";

    [Function(Name)]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "finance/closes/{quarter}/decisions")] HttpRequest request, string quarter,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        HttpTrigger.RunAsync(request, (r, ct) => HandleAsync(r, new CloseClient(client, programs, logger), ct), cancellationToken, ("quarter", quarter));

    public async Task<HttpTriggerResponse> HandleAsync(HttpTriggerRequest request, CloseClient closes, CancellationToken cancellationToken)
    {
        var decision = await access.FinancePageAsync(request, Name, cancellationToken);
        if (decision.Caller is not { } caller) return decision.Refusal!;
        var form = WebForms.Parse(request.Body);
        if (!WebSessions.IsValidCsrf(caller, form.GetValueOrDefault("csrf")))
            return Html.Problem(403, "Not allowed", "The form expired or did not come from this site; reload the page and try again.", caller);
        if (!caller.CanAct)
        {
            WebLogs.Forbidden(logger, Name, caller.Key.PublicId, caller.Key.Kind.ToString(), caller.Key.Subject, $"role {caller.Key.Role} may not decide");
            return Html.Problem(403, "Not allowed", "Deciding a held payout needs an approver key; yours is a reader key.", caller);
        }

        if (!Quarter.TryParse(request.Param("quarter"), out var quarter)) return Html.Problem(400, "Unknown quarter", "The quarter in the address is not valid.", caller);
        var status = new QuarterClose(quarter, await closes.StatusAsync(quarter, cancellationToken), null);
        var partner = form.GetValueOrDefault("partner") ?? "";
        var action = form.GetValueOrDefault("action") ?? "";
        if (!status.WaitingForFinance || (partner != DecisionActions.AllPartners && !status.Waiting().Contains(partner, StringComparer.Ordinal)))
            return Html.Problem(409, "Nothing to decide", $"The close of {quarter} is not waiting for a decision on {partner}.", caller);

        decimal? amount = null;
        if (form.GetValueOrDefault("amount") is { Length: > 0 } amountText)
        {
            if (!decimal.TryParse(amountText, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var parsed) || decimal.Round(parsed, 2) != parsed)
                return Html.Problem(400, "Not an amount", "Enter the adjustment in USD with at most two decimals, e.g. -25.00.", caller);
            amount = parsed;
        }

        var reason = (form.GetValueOrDefault("reason") ?? "").Trim();
        try
        {
            if (action == "approve-all" && partner == DecisionActions.AllPartners)
            {
                await closes.ApproveAsync(quarter, caller.Key.Subject, reason.Length > 0 ? reason : null, cancellationToken);
            }
            else
            {
                await closes.DecideAsync(quarter, new CloseDecision(partner, action, action == DecisionActions.Adjust ? amount : null, reason, caller.Key.Subject), cancellationToken);
            }
        }
        catch (ArgumentException e)
        {
            return Html.Problem(400, "Decision not sent", e.Message, caller);
        }
        catch (CloseConflictException e)
        {
            return Html.Problem(409, "Nothing to decide", e.Message, caller);
        }

        WebLogs.DecisionSent(logger, quarter.ToString(), caller.Key.Subject, action, partner);
        return Html.Redirect($"/finance?quarter={quarter}&sent={Uri.EscapeDataString($"{action} {partner}")}");
    }
}

/// <summary>httpTrigger <c>GET /finance/file?name={quarter}/...</c>: a fresh read link to a statement or finance summary.</summary>
public sealed class FinanceFileFunction(WebAccess access, StorageAccount storage, IBlobSasSigner signer, TimeProvider clock)
{
    public const string Name = "FinanceFile";

    [Function(Name)]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "finance/file")] HttpRequest request, CancellationToken cancellationToken) =>
        HttpTrigger.RunAsync(request, HandleAsync, cancellationToken);

    public async Task<HttpTriggerResponse> HandleAsync(HttpTriggerRequest request, CancellationToken cancellationToken)
    {
        var decision = await access.FinancePageAsync(request, Name, cancellationToken);
        if (decision.Caller is null) return decision.Refusal!;
        var name = request.QueryValue("name") ?? "";
        var segments = name.Split('/');
        if (segments.Length is < 2 or > 3 || !Quarter.TryParse(segments[0], out _) || segments.Any(s => s.Length == 0 || s is "." or ".."))
            return Html.Problem(404, "No such file", "Only statements and finance summaries can be opened here.", decision.Caller);

        var blob = storage.Container(Names.Statements).GetBlobClient(name);
        if (!await blob.ExistsAsync(cancellationToken)) return Html.Problem(404, "No such file", "This file does not exist.", decision.Caller);
        return Html.Redirect((await signer.SignAsync(blob, BlobSasPermissions.Read, clock.GetUtcNow() + PartnerFiles.LinkLifetime, cancellationToken)).ToString());
    }
}
