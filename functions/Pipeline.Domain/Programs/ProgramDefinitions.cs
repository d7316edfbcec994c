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

    /// <summary>The reference program shipped with the pipeline (partner-growth.json).</summary>
    public static IncentiveProgram Reference => reference.Value;

    public static IncentiveProgram Load(string json) => ProgramReader.Read(json);

    public static IncentiveProgram Load(Stream utf8Json)
    {
        using var reader = new StreamReader(utf8Json);
        return Load(reader.ReadToEnd());
    }

    public static string Save(IncentiveProgram program) => JsonSerializer.Serialize(program, writeOptions);

    /// <summary>
    /// The program in force for a quarter: the one with the latest <see cref="IncentiveProgram.EffectiveFrom"/> not after
    /// it (an edited program applies from its quarter on, earlier quarters keep theirs). Null when none applies yet.
    /// </summary>
    public static IncentiveProgram? EffectiveFor(IEnumerable<IncentiveProgram> programs, Quarter quarter)
    {
        var candidates = programs.Where(p => p.EffectiveFrom <= quarter).ToList();
        if (candidates.Count == 0) return null;
        var from = candidates.Max(p => p.EffectiveFrom);
        var inForce = candidates.Where(p => p.EffectiveFrom == from).ToList();
        return inForce.Count == 1
            ? inForce[0]
            : throw new InvalidOperationException(
                $"Programs {string.Join(", ", inForce.Select(p => $"{p.Id} {p.Version}"))} all take effect in {from}: exactly one may.");
    }

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
