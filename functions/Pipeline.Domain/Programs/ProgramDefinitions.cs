using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Domain.Programs;

/// <summary>
/// Loads and saves program files (JSON) and holds the reference program "partner-growth", the default for
/// every run. Loading validates everything and throws <see cref="ProgramDefinitionException"/> listing all
/// problems; saving writes the same shape, so a saved file loads back to an equal program.
/// </summary>
public static class ProgramDefinitions
{
    private const string ReferenceResource = "Pipeline.Domain.Programs.partner-growth.json";

    private static readonly Lazy<IncentiveProgram> reference = new(() => Load(ReadReferenceJson()));

    private static readonly JsonSerializerOptions writeOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new QuarterJsonConverter() },
    };

    /// <summary>The reference program shipped with the pipeline (REFERENCE-PROGRAM sections 3 to 5).</summary>
    public static IncentiveProgram Reference => reference.Value;

    public static IncentiveProgram Load(string json) => ProgramReader.Read(json);

    public static IncentiveProgram Load(Stream utf8Json)
    {
        using var reader = new StreamReader(utf8Json);
        return Load(reader.ReadToEnd());
    }

    public static string Save(IncentiveProgram program) => JsonSerializer.Serialize(program, writeOptions);

    /// <summary>The reference program's file as shipped (for "start from the reference" edits).</summary>
    public static string ReadReferenceJson()
    {
        using var stream = typeof(ProgramDefinitions).Assembly.GetManifestResourceStream(ReferenceResource)
            ?? throw new InvalidOperationException($"The embedded resource {ReferenceResource} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private sealed class QuarterJsonConverter : JsonConverter<Quarter>
    {
        public override Quarter Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Quarter.Parse(reader.GetString() ?? "");

        public override void Write(Utf8JsonWriter writer, Quarter value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());
    }
}
