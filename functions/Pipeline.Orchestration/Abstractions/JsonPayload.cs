using System.Text.Json;

namespace Pipeline.Orchestration;

/// <summary>Inputs, outputs and event payloads travel as JSON text (System.Text.Json, web defaults).</summary>
public static class JsonPayload
{
    // Enums as names: history rows and queue messages stay readable in Storage Explorer.
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static string? Serialize(object? value) => value is null ? null : JsonSerializer.Serialize(value, value.GetType(), Options);

    public static T? Deserialize<T>(string? json) => json is null ? default : JsonSerializer.Deserialize<T>(json, Options);
}
