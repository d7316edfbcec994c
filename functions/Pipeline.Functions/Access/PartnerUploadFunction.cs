using Microsoft.Azure.Functions.Worker;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Pipeline.Functions.Hosting;
using Pipeline.Access;

namespace Pipeline.Functions.Access;

/// <summary>
/// httpTrigger <c>POST /api/partners/{id}/uploads</c> with <c>{"fileName": "...", "kind": "deals|metrics"}</c>:
/// a 15-minute, create-only link for one new blob under <c>drops/{id}/{kind}/</c>. The partner PUTs the file
/// there; Event Grid (locally the trigger host) then announces it to ReceiveDrop like any other drop.
/// </summary>
public sealed class PartnerUploadFunction(AccessControl access, PartnerFiles files, ILogger<PartnerUploadFunction> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public const string Name = "PartnerUpload";

    [Function(Name)]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/partners/{id}/uploads")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        HttpTrigger.RunAsync(request, HandleAsync, cancellationToken, ("id", id));

    public async Task<HttpTriggerResponse> HandleAsync(HttpTriggerRequest request, CancellationToken cancellationToken)
    {
        var partnerId = request.Param("id");
        var decision = await access.PartnerAsync(request, Name, partnerId, cancellationToken);
        if (!decision.Allowed) return decision.Refusal!;

        UploadRequest? body;
        try
        {
            body = string.IsNullOrWhiteSpace(request.Body) ? null : JsonSerializer.Deserialize<UploadRequest>(request.Body, Json);
        }
        catch (JsonException)
        {
            body = null;
        }

        if (body is null) return HttpResponses.Error(400, """The body must be JSON: {"fileName": "...", "kind": "deals|metrics"}.""");

        var result = await files.RequestUploadAsync(decision.Key!.Subject, body.Kind, body.FileName, cancellationToken);
        if (result.Grant is not { } grant)
        {
            Logs.UploadLinkRefused(logger, decision.Key.Subject, result.Reason);
            return result.RetryAfter is { } wait
                ? HttpResponses.Error(429, result.Reason, new Dictionary<string, string> { ["Retry-After"] = Math.Ceiling(wait.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture) })
                : HttpResponses.Error(400, result.Reason);
        }

        Logs.UploadLinkIssued(logger, decision.Key.Subject, grant.BlobName, grant.ExpiresOn);
        return HttpResponses.Json(200, new
        {
            container = grant.Container,
            blobName = grant.BlobName,
            uploadUrl = grant.Url,
            method = "PUT",
            headers = new Dictionary<string, string> { ["x-ms-blob-type"] = "BlockBlob" },
            expiresOn = grant.ExpiresOn,
        });
    }

    private sealed record UploadRequest(string? FileName, string? Kind);
}
