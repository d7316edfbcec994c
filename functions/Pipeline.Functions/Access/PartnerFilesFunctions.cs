using Microsoft.Azure.Functions.Worker;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Pipeline.Functions.Hosting;
using Pipeline.Azure;
using Pipeline.Access;

namespace Pipeline.Functions.Access;

/// <summary>httpTrigger <c>GET /api/partners/{id}/statements</c>: the partner's statements, each with a read-only link.</summary>
public sealed class PartnerStatementsFunction(AccessControl access, PartnerFiles files, ILogger<PartnerStatementsFunction> logger)
{
    public const string Name = "PartnerStatements";

    [Function(Name)]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/partners/{id}/statements")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        HttpTrigger.RunAsync(request, HandleAsync, cancellationToken, ("id", id));

    public Task<HttpTriggerResponse> HandleAsync(HttpTriggerRequest request, CancellationToken cancellationToken) =>
        PartnerListing.AnswerAsync(access, request, Name, Names.Statements, files.StatementsAsync, logger, cancellationToken);
}

/// <summary>httpTrigger <c>GET /api/partners/{id}/feedback</c>: what the pipeline told the partner about its drops, with read-only links.</summary>
/// <summary>The partner's feedback reports, each with the partner's own file it is about (path, when it was received,
/// its outcome and row counts), so a partner with many uploads knows which report is which.</summary>
public sealed class PartnerFeedbackFunction(AccessControl access, PartnerFiles files, Pipeline.Azure.AuditLedger audit, ILogger<PartnerFeedbackFunction> logger)
{
    public const string Name = "PartnerFeedback";

    [Function(Name)]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/partners/{id}/feedback")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        HttpTrigger.RunAsync(request, HandleAsync, cancellationToken, ("id", id));

    public async Task<HttpTriggerResponse> HandleAsync(HttpTriggerRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var decision = await access.PartnerAsync(request, Name, request.Param("id"), cancellationToken);
        if (!decision.Allowed) return decision.Refusal!;

        var partnerId = decision.Key!.Subject;
        var found = await files.FeedbackAsync(partnerId, cancellationToken);
        var drops = (await audit.ReadAsync(partnerId, cancellationToken)).GroupBy(r => r.DropId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        Logs.PartnerFilesListed(logger, partnerId, found.Count, Names.Feedback);
        return HttpResponses.Json(200, new
        {
            partnerId,
            files = found.Select(f =>
            {
                var drop = drops.GetValueOrDefault(System.IO.Path.GetFileNameWithoutExtension(f.Name));
                return new
                {
                    container = f.Container, name = f.Name, size = f.Size, lastModified = f.LastModified, url = f.Url, expiresOn = f.ExpiresOn,
                    drop = drop is null ? null : new { dropId = drop.DropId, file = drop.Path, receivedAt = drop.ReceivedAt, outcome = drop.Outcome, rowsAccepted = drop.RowsAccepted, rowsRejected = drop.RowsRejected },
                };
            }),
        });
    }
}

internal static class PartnerListing
{
    public static async Task<HttpTriggerResponse> AnswerAsync(
        AccessControl access,
        HttpTriggerRequest request,
        string function,
        string container,
        Func<string, CancellationToken, Task<IReadOnlyList<PartnerFile>>> list,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var decision = await access.PartnerAsync(request, function, request.Param("id"), cancellationToken);
        if (!decision.Allowed) return decision.Refusal!;

        var partnerId = decision.Key!.Subject;
        var found = await list(partnerId, cancellationToken);
        Logs.PartnerFilesListed(logger, partnerId, found.Count, container);
        return HttpResponses.Json(200, new
        {
            partnerId,
            files = found.Select(f => new { container = f.Container, name = f.Name, size = f.Size, lastModified = f.LastModified, url = f.Url, expiresOn = f.ExpiresOn }),
        });
    }
}
