using Microsoft.Azure.Functions.Worker;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Pipeline.Functions.Hosting;
using Pipeline.Storage;
using Pipeline.Storage.Access;

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
public sealed class PartnerFeedbackFunction(AccessControl access, PartnerFiles files, ILogger<PartnerFeedbackFunction> logger)
{
    public const string Name = "PartnerFeedback";

    [Function(Name)]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/partners/{id}/feedback")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        HttpTrigger.RunAsync(request, HandleAsync, cancellationToken, ("id", id));

    public Task<HttpTriggerResponse> HandleAsync(HttpTriggerRequest request, CancellationToken cancellationToken) =>
        PartnerListing.AnswerAsync(access, request, Name, Names.Feedback, files.FeedbackAsync, logger, cancellationToken);
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
