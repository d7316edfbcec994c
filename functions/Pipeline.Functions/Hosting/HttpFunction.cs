using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipeline.Functions.Hosting;

/// <summary>
/// An httpTrigger function: the request arrives as the <c>req</c> binding (from the Functions host, or from
/// <see cref="HttpRoutes"/> when called directly) and the answer leaves as the <c>res</c> output. Subclasses only
/// see an <see cref="HttpTriggerRequest"/> and return an <see cref="HttpTriggerResponse"/>.
/// </summary>
public abstract class HttpFunction : IFunction
{
    public const string RequestBinding = "req";
    public const string ResponseBinding = "res";

    public abstract string Name { get; }

    public async Task<InvocationResponse> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var http = ReadRequest(request);
        var response = http is null
            ? HttpResponses.Error(400, $"The invocation has no '{RequestBinding}' HTTP request.")
            : await HandleAsync(http, cancellationToken);
        return new InvocationResponse
        {
            Outputs = new Dictionary<string, JsonNode?> { [ResponseBinding] = JsonSerializer.SerializeToNode(response, InvocationJson.Options) },
        };
    }

    protected abstract Task<HttpTriggerResponse> HandleAsync(HttpTriggerRequest request, CancellationToken cancellationToken);

    private static HttpTriggerRequest? ReadRequest(InvocationRequest request)
    {
        if (!request.Data.TryGetValue(RequestBinding, out var req) || req.ValueKind != JsonValueKind.Object) return null;
        try
        {
            return req.Deserialize<HttpTriggerRequest>(InvocationJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The answers HTTP functions give: JSON bodies, errors as <c>{"error": "..."}</c>.</summary>
public static class HttpResponses
{
    private static readonly JsonSerializerOptions BodyJson = new(JsonSerializerDefaults.Web);

    public static HttpTriggerResponse Json<T>(int statusCode, T body, IReadOnlyDictionary<string, string>? headers = null)
    {
        var all = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Content-Type"] = "application/json; charset=utf-8",
            // Links in these answers are bearer credentials: no cache may keep them.
            ["Cache-Control"] = "no-store",
        };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) all[name] = value;
        return new HttpTriggerResponse(statusCode, JsonSerializer.Serialize(body, BodyJson), all);
    }

    public static HttpTriggerResponse Error(int statusCode, string message, IReadOnlyDictionary<string, string>? headers = null) =>
        Json(statusCode, new { error = message }, headers);
}
