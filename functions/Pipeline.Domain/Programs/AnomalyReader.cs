using System.Text.Json;
using System.Text.Json.Serialization;
using Pipeline.Domain.Anomalies;

namespace Pipeline.Domain.Programs;

/// <summary>
/// Reads the <c>anomalies</c> block: one object per check of <see cref="AnomalyChecks.All"/> that has thresholds, each
/// required so none is forgotten at a refresh (unless the check takes its reference values when absent), each read by
/// its check and held to its thresholds' rules, so a program that loads never fails in the middle of a close.
/// </summary>
internal static class AnomalyReader
{
    public static AnomalyThresholds? Read(JsonObjectReader o)
    {
        var checks = new List<CheckThresholds>();
        foreach (var check in AnomalyChecks.WithThresholds)
        {
            if (o.Object(check.ProgramKey!, required: !check.ReferenceWhenAbsent) is not { } c)
            {
                if (check.ReferenceWhenAbsent && !o.Errors.HasErrorAt(o.At(check.ProgramKey!))) checks.Add(check.Reference!);
                continue; // otherwise reported: the load fails
            }

            var thresholds = check.Read(c)!;
            foreach (var problem in thresholds.Problems())
            {
                var path = c.At(problem.Property);
                if (!o.Errors.HasErrorAt(path)) o.Errors.Add(path, $"must be {problem.Rule}");
            }

            c.RejectUnknown();
            checks.Add(thresholds);
        }

        o.RejectUnknown();
        return checks.Count == AnomalyChecks.WithThresholds.Count ? AnomalyThresholds.From(checks) : null;
    }
}

/// <summary>
/// Writes <see cref="AnomalyThresholds"/> as the program file has them: each check's object under its key, in the
/// checks' order, its properties named by the options' policy (camelCase for programs); reads them back the way a
/// program file is read.
/// </summary>
internal sealed class AnomalyThresholdsJsonConverter : JsonConverter<AnomalyThresholds>
{
    public override AnomalyThresholds Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var errors = new ErrorSink();
        var thresholds = JsonObjectReader.Open(document.RootElement, "anomalies", errors) is { } o ? AnomalyReader.Read(o) : null;
        return errors.Errors.Count == 0 && thresholds is not null
            ? thresholds
            : throw new JsonException(string.Join("; ", errors.Errors));
    }

    public override void Write(Utf8JsonWriter writer, AnomalyThresholds value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        for (var i = 0; i < value.Checks.Count; i++)
        {
            writer.WritePropertyName(AnomalyChecks.WithThresholds[i].ProgramKey!);
            JsonSerializer.Serialize(writer, value.Checks[i], value.Checks[i].GetType(), options);
        }

        writer.WriteEndObject();
    }
}
