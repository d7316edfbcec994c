using Microsoft.Azure.Functions.Worker;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http;
using Pipeline.Functions.Hosting;
using Pipeline.Access;
using Pipeline.Azure;

namespace Pipeline.Functions.Access;

/// <summary>
/// httpTrigger <c>GET /api/finance/drops[?partner=P]</c> (authLevel function): the drop audit ledger, newest first,
/// for finance keys with the reader role. The first finance endpoint; the close endpoints use the same check.
/// </summary>
public sealed class FinanceDropsFunction(AccessControl access, AuditLedger ledger)
{
    public const string Name = "FinanceDrops";

    [Function(Name)]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/finance/drops")] HttpRequest request, CancellationToken cancellationToken) =>
        HttpTrigger.RunAsync(request, HandleAsync, cancellationToken);

    public async Task<HttpTriggerResponse> HandleAsync(HttpTriggerRequest request, CancellationToken cancellationToken)
    {
        var decision = await access.FinanceAsync(request, Name, ApiKeyRoles.Reader, cancellationToken);
        if (!decision.Allowed) return decision.Refusal!;

        var partner = request.QueryValue("partner");
        var drops = new List<AuditRecord>();
        if (string.IsNullOrEmpty(partner))
        {
            await foreach (var record in ledger.ReadAllAsync(cancellationToken)) drops.Add(record);
        }
        else
        {
            drops.AddRange(await ledger.ReadAsync(partner, cancellationToken));
        }

        return HttpResponses.Json(200, new { drops = drops.OrderByDescending(d => d.ReceivedAt).ThenBy(d => d.DropId, StringComparer.Ordinal) });
    }
}
