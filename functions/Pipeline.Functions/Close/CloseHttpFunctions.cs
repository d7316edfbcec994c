using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Pipeline.Terms;
using Pipeline.Domain;
using Pipeline.Domain.Close;
using Pipeline.Functions.Access;
using Pipeline.Functions.Hosting;
using Pipeline.Access;

namespace Pipeline.Functions.Close;

/// <summary>
/// The finance API of the close (function-level keys in Azure, and a finance API key always): start, status, decide,
/// approve. Thin: check the key, parse, call <see cref="CloseClient"/>, answer JSON. A request the close's state does
/// not allow answers 409 with the reason and sends nothing.
/// </summary>
public sealed class CloseHttpFunctions(AccessControl access, ProgramStore programs, ILogger<CloseHttpFunctions> logger)
{
    public const string Start = "CloseStart";
    public const string Status = "CloseStatus";
    public const string Decide = "CloseDecide";
    public const string Approve = "CloseApprove";

    // A field given twice (two partners in one decision) is an error, not "the last one wins".
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { AllowDuplicateProperties = false };

    [Function(Start)]
    public Task<IActionResult> StartAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/finance/closes/{quarter}/start")] HttpRequest request, string quarter,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        RunAsync(request, quarter, Start, ApiKeyRoles.Approver, client, async (closes, q, _, _, ct) =>
        {
            var started = await closes.StartAsync(q, cancellationToken: ct);
            return (started.Created ? 202 : 200, new { instanceId = started.InstanceId, created = started.Created, resumed = started.Resumed, status = started.Existing?.ToString() });
        }, cancellationToken);

    [Function(Status)]
    public Task<IActionResult> StatusAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/finance/closes/{quarter}")] HttpRequest request, string quarter,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        RunAsync(request, quarter, Status, ApiKeyRoles.Reader, client, async (closes, q, _, _, ct) =>
        {
            var status = await closes.StatusAsync(q, ct);
            return status is null
                ? (404, (object)new { error = $"The close of {q} has not started." })
                : (200, new
                {
                    instanceId = status.InstanceId,
                    runtimeStatus = status.RuntimeStatus.ToString(),
                    customStatus = CloseClient.CustomStatus(status),
                    waitingFor = CloseClient.Waiting(status),
                    failure = status.FailureDetails?.ErrorMessage,
                });
        }, cancellationToken);

    /// <summary>The body is a decision: <c>{partner, action, amount, reason}</c>; who decides is the key's owner.</summary>
    [Function(Decide)]
    public Task<IActionResult> DecideAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/finance/closes/{quarter}/decisions")] HttpRequest request, string quarter,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        RunAsync(request, quarter, Decide, ApiKeyRoles.Approver, client, async (closes, q, req, key, ct) =>
        {
            var decision = JsonSerializer.Deserialize<CloseDecision>(req.Body ?? "", Json)
                ?? throw new ArgumentException("The body is a decision: {partner, action, amount, reason}.");
            await closes.DecideAsync(q, decision with { At = default, Id = "", By = key.Subject }, ct);
            return (202, new { accepted = true, by = key.Subject });
        }, cancellationToken);

    [Function(Approve)]
    public Task<IActionResult> ApproveAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/finance/closes/{quarter}/approve")] HttpRequest request, string quarter,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        RunAsync(request, quarter, Approve, ApiKeyRoles.Approver, client, async (closes, q, req, key, ct) =>
        {
            using var body = JsonDocument.Parse(string.IsNullOrWhiteSpace(req.Body) ? "{}" : req.Body);
            var reason = body.RootElement.TryGetProperty("reason", out var r) ? r.GetString() : null;
            await closes.ApproveAsync(q, key.Subject, reason, ct);
            return (202, new { accepted = true, by = key.Subject });
        }, cancellationToken);

    private Task<IActionResult> RunAsync(
        HttpRequest request, string quarterText, string function, string role, DurableTaskClient client,
        Func<CloseClient, Quarter, HttpTriggerRequest, ApiKeyRecord, CancellationToken, Task<(int Status, object Body)>> handle, CancellationToken cancellationToken) =>
        HttpTrigger.RunAsync(request, async (req, ct) =>
        {
            var decision = await access.FinanceAsync(req, function, role, ct);
            if (!decision.Allowed) return decision.Refusal!;
            if (!Quarter.TryParse(quarterText, out var quarter)) return HttpResponses.Error(400, $"'{quarterText}' is not a quarter (e.g. 2026Q3).");
            try
            {
                var (status, body) = await handle(new CloseClient(client, programs, logger), quarter, req, decision.Key!, ct);
                return HttpResponses.Json(status, body);
            }
            catch (CloseConflictException e)
            {
                return HttpResponses.Error(409, e.Message);
            }
            catch (Exception e) when (e is ArgumentException or JsonException)
            {
                return HttpResponses.Error(400, e.Message);
            }
        }, cancellationToken, ("quarter", quarterText));
}
