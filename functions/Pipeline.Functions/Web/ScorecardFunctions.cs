using Microsoft.Azure.Functions.Worker;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http;
using System.Text.Json;
using Azure.Storage.Sas;
using Pipeline.Domain;
using Pipeline.Functions.Hosting;
using Pipeline.Azure;
using Pipeline.Access;

namespace Pipeline.Functions.Web;

/// <summary>httpTrigger <c>GET /partners/{id}[?quarter=2026Q3]</c>: the partner's live scorecard page.</summary>
public sealed class PartnerScorecardFunction(WebAccess access, ScorecardService scorecards)
{
    public const string Name = "PartnerScorecard";

    [Function(Name)]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "partners/{id}")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        HttpTrigger.RunAsync(request, HandleAsync, cancellationToken, ("id", id));

    public async Task<HttpTriggerResponse> HandleAsync(HttpTriggerRequest request, CancellationToken cancellationToken)
    {
        var partnerId = request.Param("id") ?? "";
        var decision = await access.PartnerPageAsync(request, Name, partnerId, cancellationToken);
        if (decision.Caller is null) return decision.Refusal!;

        var quarter = ScorecardQuarter.From(request, scorecards);
        if (quarter is null) return Html.Problem(400, "Unknown quarter", "Choose one of the quarters the selector offers.", decision.Caller);
        var data = await scorecards.BuildAsync(partnerId, quarter.Value, cancellationToken);
        return data is null
            ? Html.Problem(404, "No such partner", "This partner is not in the partner registry.", decision.Caller)
            : Html.Response(200, ScorecardHtml.Page(data, decision.Caller));
    }
}

/// <summary>
/// httpTrigger <c>GET /api/partners/{id}/scorecard[?quarter=Q]</c>: the scorecard as JSON (figures plus the page's
/// sections as HTML) with an ETag; the page polls it every few seconds and a 304 costs the browser nothing.
/// </summary>
public sealed class PartnerScorecardDataFunction(WebAccess access, ScorecardService scorecards)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public const string Name = "PartnerScorecardData";

    [Function(Name)]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/partners/{id}/scorecard")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        HttpTrigger.RunAsync(request, HandleAsync, cancellationToken, ("id", id));

    public async Task<HttpTriggerResponse> HandleAsync(HttpTriggerRequest request, CancellationToken cancellationToken)
    {
        var partnerId = request.Param("id") ?? "";
        var decision = await access.PartnerDataAsync(request, Name, partnerId, cancellationToken);
        if (decision.Caller is null) return decision.Refusal!;

        var quarter = ScorecardQuarter.From(request, scorecards);
        if (quarter is null) return HttpResponses.Error(400, "Unknown quarter: the current quarter or one of the four before it (e.g. 2026Q3).");
        var data = await scorecards.BuildAsync(partnerId, quarter.Value, cancellationToken);
        if (data is null) return HttpResponses.Error(404, "This partner is not in the partner registry.");

        var etag = $"\"{data.Version}\"";
        if (request.Header("if-none-match") == etag)
            return new HttpTriggerResponse(304, "", new Dictionary<string, string> { ["ETag"] = etag, ["Cache-Control"] = "no-store" });
        var r = data.Projection;
        var body = new
        {
            partnerId = data.Partner.PartnerId,
            quarter = data.Quarter.ToString(),
            version = data.Version,
            projection = new
            {
                note = "Projection - not a statement",
                currency = "USD",
                tier = r.Tier,
                totalEarned = r.TotalEarned,
                advance = r.Advance,
                balanceDue = r.BalanceDue,
                lines = r.Lines.Select(l => new { rule = l.RuleId, description = l.Description, basis = l.Basis, rate = l.Rate, amount = l.Amount }),
                scorecard = r.Scorecard.Select(s => new { name = s.Name, value = s.Value, threshold = s.Threshold, note = s.Note }),
            },
            closed = data.Closed is not null,
            nextTier = new { standing = data.Guidance.Standing, next = data.Guidance.Next, steps = data.Guidance.Steps },
            drops = data.Drops.Select(d => new { dropId = d.DropId, file = d.FileName, kind = d.Kind, receivedAt = d.ReceivedAt, outcome = d.Outcome, rowsRead = d.RowsRead, rowsAccepted = d.RowsAccepted, rowsRejected = d.RowsRejected }),
            statements = data.Statements.Select(s => s.Name),
            sections = ScorecardHtml.Sections(data),
        };
        return new HttpTriggerResponse(200, JsonSerializer.Serialize(body, Json), new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Content-Type"] = "application/json; charset=utf-8",
            ["Cache-Control"] = "no-store",
            ["ETag"] = etag,
        });
    }
}

/// <summary>
/// httpTrigger <c>GET /partners/{id}/file?container=statements|feedback&amp;name=...</c>: after the access check, a
/// redirect to a fresh 15-minute read link for that one blob, which must lie in the partner's own folder.
/// </summary>
public sealed class PartnerFileFunction(WebAccess access, StorageAccount storage, IBlobSasSigner signer, TimeProvider clock)
{
    public const string Name = "PartnerFile";

    [Function(Name)]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "partners/{id}/file")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        HttpTrigger.RunAsync(request, HandleAsync, cancellationToken, ("id", id));

    public async Task<HttpTriggerResponse> HandleAsync(HttpTriggerRequest request, CancellationToken cancellationToken)
    {
        var partnerId = request.Param("id") ?? "";
        var decision = await access.PartnerPageAsync(request, Name, partnerId, cancellationToken);
        if (decision.Caller is null) return decision.Refusal!;

        var container = request.QueryValue("container");
        var name = request.QueryValue("name") ?? "";
        var segments = name.Split('/');
        // statements/{quarter}/{partner}/{file}, feedback/{partner}/{file}: the partner's folder, and nothing that could climb out of it.
        var inFolder = container switch
        {
            Names.Statements => segments.Length == 3 && Quarter.TryParse(segments[0], out _) && segments[1] == partnerId,
            Names.Feedback => segments.Length == 2 && segments[0] == partnerId,
            _ => false,
        } && segments.All(s => s.Length > 0 && s != "." && s != "..");
        if (!inFolder) return Html.Problem(404, "No such file", "This file is not among your files.", decision.Caller);

        var blob = storage.Container(container!).GetBlobClient(name);
        if (!await blob.ExistsAsync(cancellationToken)) return Html.Problem(404, "No such file", "This file is not among your files.", decision.Caller);
        var url = await signer.SignAsync(blob, BlobSasPermissions.Read, clock.GetUtcNow() + PartnerFiles.LinkLifetime, cancellationToken);
        return Html.Redirect(url.ToString());
    }
}

internal static class ScorecardQuarter
{
    /// <summary>The requested quarter if the selector offers it, the current quarter when none is asked for, else null.</summary>
    public static Quarter? From(HttpTriggerRequest request, ScorecardService scorecards)
    {
        var asked = request.QueryValue("quarter");
        if (string.IsNullOrEmpty(asked)) return scorecards.CurrentQuarter();
        return Quarter.TryParse(asked, out var q) && scorecards.Selectable().Contains(q) ? q : null;
    }
}
