using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Domain;
using Pipeline.Domain.Close;
using Pipeline.Functions.Access;
using Pipeline.Functions.Hosting;
using Pipeline.Storage.Access;

namespace Pipeline.Functions.Close;

/// <summary>The finance HTTP functions (function-level keys): start, status, decide, approve. Thin: parse, call
/// <see cref="CloseClient"/>, answer JSON.</summary>
public abstract class CloseHttpFunction(CloseClient closes, AccessControl access) : IFunction
{
    public abstract string Name { get; }

    /// <summary>Reading a close needs a finance reader key; acting on it an approver key.</summary>
    protected virtual string RequiredRole => ApiKeyRoles.Approver;

    protected CloseClient Closes { get; } = closes;

    public async Task<InvocationResponse> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken)
    {
        var req = request.Data.TryGetValue("req", out var r) ? r.Deserialize<HttpTriggerRequest>(InvocationJson.Options) ?? new() : new();
        var decision = await access.FinanceAsync(req, Name, RequiredRole, cancellationToken);
        if (!decision.Allowed)
        {
            return new InvocationResponse { Outputs = new Dictionary<string, JsonNode?> { ["res"] = JsonSerializer.SerializeToNode(decision.Refusal) } };
        }

        var quarterText = req.Params.TryGetValue("quarter", out var qp) ? qp.GetString() : null;
        if (!Quarter.TryParse(quarterText, out var quarter)) return Respond(400, new { error = $"'{quarterText}' is not a quarter (e.g. 2026Q3)." });
        try
        {
            var (status, body) = await HandleAsync(quarter, req, cancellationToken);
            return Respond(status, body);
        }
        catch (Exception e) when (e is ArgumentException or JsonException)
        {
            return Respond(400, new { error = e.Message });
        }
    }

    protected abstract Task<(int Status, object Body)> HandleAsync(Quarter quarter, HttpTriggerRequest req, CancellationToken cancellationToken);

    private static InvocationResponse Respond(int status, object body)
    {
        var res = new HttpTriggerResponse(status, JsonSerializer.Serialize(body), new Dictionary<string, string> { ["Content-Type"] = "application/json" });
        return new InvocationResponse { Outputs = new Dictionary<string, JsonNode?> { ["res"] = JsonSerializer.SerializeToNode(res) } };
    }
}

public sealed class CloseStartFunction(CloseClient closes, AccessControl access) : CloseHttpFunction(closes, access)
{
    public override string Name => "CloseStart";

    protected override async Task<(int, object)> HandleAsync(Quarter quarter, HttpTriggerRequest req, CancellationToken cancellationToken)
    {
        var started = await Closes.StartAsync(quarter, cancellationToken: cancellationToken);
        return (started.Created ? 202 : 200, new { instanceId = started.InstanceId, created = started.Created });
    }
}

public sealed class CloseStatusFunction(CloseClient closes, AccessControl access) : CloseHttpFunction(closes, access)
{
    public override string Name => "CloseStatus";

    protected override string RequiredRole => ApiKeyRoles.Reader;

    protected override async Task<(int, object)> HandleAsync(Quarter quarter, HttpTriggerRequest req, CancellationToken cancellationToken)
    {
        var status = await Closes.StatusAsync(quarter, cancellationToken);
        return status is null
            ? (404, new { error = $"The close of {quarter} has not started." })
            : (200, new { instanceId = status.InstanceId, runtimeStatus = status.RuntimeStatus.ToString(), customStatus = status.ReadCustomStatus<string>() });
    }
}

public sealed class CloseDecideFunction(CloseClient closes, AccessControl access) : CloseHttpFunction(closes, access)
{
    public override string Name => "CloseDecide";

    protected override async Task<(int, object)> HandleAsync(Quarter quarter, HttpTriggerRequest req, CancellationToken cancellationToken)
    {
        var decision = JsonSerializer.Deserialize<CloseDecision>(req.Body ?? "", InvocationJson.Options)
            ?? throw new ArgumentException("The body is a decision: {partner, action, amount, reason, by}.");
        await Closes.DecideAsync(quarter, decision with { At = default, Id = "" }, cancellationToken);
        return (202, new { accepted = true });
    }
}

public sealed class CloseApproveFunction(CloseClient closes, AccessControl access) : CloseHttpFunction(closes, access)
{
    public override string Name => "CloseApprove";

    protected override async Task<(int, object)> HandleAsync(Quarter quarter, HttpTriggerRequest req, CancellationToken cancellationToken)
    {
        using var body = JsonDocument.Parse(string.IsNullOrWhiteSpace(req.Body) ? "{}" : req.Body);
        var by = body.RootElement.TryGetProperty("by", out var b) ? b.GetString() : null;
        var reason = body.RootElement.TryGetProperty("reason", out var r) ? r.GetString() : null;
        await Closes.ApproveAsync(quarter, by ?? throw new ArgumentException("Approving needs 'by': who approves."), reason, cancellationToken);
        return (202, new { accepted = true });
    }
}
