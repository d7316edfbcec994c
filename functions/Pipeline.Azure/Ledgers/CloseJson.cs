using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Azure;

/// <summary>How the close writes its JSON blobs and ledger columns: web names, enums as names, indented, so the same
/// object always gives the same bytes and a person can read them.</summary>
public static class CloseJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static byte[] Bytes<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    private static readonly JsonSerializerOptions compact = new(Options) { WriteIndented = false };

    /// <summary>The same JSON without indentation (for working files of megabytes).</summary>
    public static byte[] CompactBytes<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, compact);

    public static T Read<T>(ReadOnlySpan<byte> utf8) => JsonSerializer.Deserialize<T>(utf8, Options) ?? throw new InvalidDataException($"Empty JSON for {typeof(T).Name}.");

    public static string Text<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException($"Empty JSON for {typeof(T).Name}.");
}
