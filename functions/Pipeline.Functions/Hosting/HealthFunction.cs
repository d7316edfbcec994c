using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipeline.Functions.Hosting;

/// <summary>httpTrigger GET /api/health: proves the handler is up and lists the functions it serves.</summary>
public sealed class HealthFunction(FunctionCatalog catalog) : IFunction
{
    public string Name => "Health";

    public Task<InvocationResponse> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(new { status = "ok", functions = catalog.Definitions.Select(d => d.Name) });
        var res = new HttpTriggerResponse(200, body, new Dictionary<string, string> { ["Content-Type"] = "application/json" });
        return Task.FromResult(new InvocationResponse
        {
            Outputs = new Dictionary<string, JsonNode?> { ["res"] = JsonSerializer.SerializeToNode(res) },
        });
    }
}

/// <summary>The function definitions the app was deployed with.</summary>
public sealed class FunctionCatalog(IReadOnlyList<FunctionDefinition> definitions)
{
    public IReadOnlyList<FunctionDefinition> Definitions { get; } = definitions;
}
