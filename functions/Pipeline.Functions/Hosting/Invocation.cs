using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Pipeline.Functions.Hosting;

/// <summary>
/// What the Functions host POSTs to a custom handler at <c>/{FunctionName}</c>: trigger and input binding values
/// under <c>Data</c> (keyed by binding name), trigger metadata under <c>Metadata</c>.
/// </summary>
public sealed record InvocationRequest
{
    [JsonPropertyName("Data")]
    public Dictionary<string, JsonElement> Data { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    [JsonPropertyName("Metadata")]
    public Dictionary<string, JsonElement> Metadata { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The trigger value as text. The host sends a queue message as a JSON string; other clients may send
    /// the message's JSON inline, which is returned as its raw text.</summary>
    public string? DataText(string binding) =>
        Data.TryGetValue(binding, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                _ => value.GetRawText(),
            }
            : null;

    public int MetadataInt(string name, int fallback)
    {
        if (!Metadata.TryGetValue(name, out var v)) return fallback;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n)) return n;
        return v.ValueKind == JsonValueKind.String
               && int.TryParse(v.GetString(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out n)
            ? n
            : fallback;
    }

    public string? MetadataText(string name) =>
        Metadata.TryGetValue(name, out var v) ? (v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()) : null;
}

/// <summary>What a custom handler answers: output binding values, log lines the host writes, and a return value.</summary>
public sealed record InvocationResponse
{
    [JsonPropertyName("Outputs")]
    public Dictionary<string, JsonNode?> Outputs { get; init; } = [];

    [JsonPropertyName("Logs")]
    public List<string> Logs { get; init; } = [];

    [JsonPropertyName("ReturnValue")]
    public JsonNode? ReturnValue { get; init; }

    public static InvocationResponse Ok(params string[] logs) => new() { Logs = [.. logs] };
}

/// <summary>The HTTP request inside an httpTrigger invocation (<c>Data.req</c>), as the host serialises it.</summary>
public sealed record HttpTriggerRequest
{
    public string Url { get; init; } = "";
    public string Method { get; init; } = "GET";
    public Dictionary<string, JsonElement> Query { get; init; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<string, JsonElement> Headers { get; init; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<string, JsonElement> Params { get; init; } = new(StringComparer.OrdinalIgnoreCase);
    public string? Body { get; init; }

    /// <summary>Header values arrive as arrays of strings (or a string from other callers). Names match in any case.</summary>
    public string? Header(string name) => Find(Headers, name) is { } v ? First(v) : null;

    public string? QueryValue(string name) => Find(Query, name) is { } v ? First(v) : null;

    /// <summary>A route value, e.g. <c>id</c> of the route <c>partners/{id}/uploads</c>.</summary>
    public string? Param(string name) => Find(Params, name) is { } v ? First(v) : null;

    // A deserialized dictionary has the default (case-sensitive) comparer whatever the initializer said.
    private static JsonElement? Find(Dictionary<string, JsonElement> values, string name) =>
        values.TryGetValue(name, out var exact) ? exact
        : values.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)) is { Key: not null } match ? match.Value
        : null;

    private static string? First(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Array => v.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString() : x.GetRawText()).FirstOrDefault(),
        JsonValueKind.String => v.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => v.GetRawText(),
    };
}

/// <summary>The <c>res</c> output of an httpTrigger function.</summary>
public sealed record HttpTriggerResponse(
    [property: JsonPropertyName("statusCode")] int StatusCode,
    [property: JsonPropertyName("body")] string Body,
    [property: JsonPropertyName("headers")] Dictionary<string, string> Headers);

public static class InvocationJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNameCaseInsensitive = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };
}
