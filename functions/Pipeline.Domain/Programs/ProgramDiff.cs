using System.Text.Json.Nodes;

namespace Pipeline.Domain.Programs;

/// <summary>
/// What changed between two program versions, in words finance reads: one line per changed value, named by its path
/// with list items named by their id (<c>plans[growth-reseller].bands[core].rate: 0.08 → 0.10</c>).
/// </summary>
public static class ProgramDiff
{
    /// <summary>Keys that name a list item, in the order they are tried.</summary>
    private static readonly string[] ItemKeys = ["id", "metric", "tier", "band"];

    public static IReadOnlyList<string> Describe(IncentiveProgram from, IncentiveProgram to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var changes = new List<string>();
        Compare("", JsonNode.Parse(ProgramDefinitions.Save(from)), JsonNode.Parse(ProgramDefinitions.Save(to)), changes);
        return changes;
    }

    private static void Compare(string path, JsonNode? a, JsonNode? b, List<string> changes)
    {
        switch (a, b)
        {
            case (JsonObject x, JsonObject y):
                foreach (var key in x.Select(p => p.Key).Union(y.Select(p => p.Key), StringComparer.Ordinal))
                    Compare(Join(path, key), x[key], y[key], changes);
                break;
            case (JsonArray x, JsonArray y) when NameOf(x) is { } key && NameOf(y) == key:
                var left = x.ToDictionary(n => n![key]!.ToString(), StringComparer.Ordinal);
                var right = y.ToDictionary(n => n![key]!.ToString(), StringComparer.Ordinal);
                foreach (var id in left.Keys.Union(right.Keys, StringComparer.Ordinal))
                    Compare($"{path}[{id}]", left.GetValueOrDefault(id), right.GetValueOrDefault(id), changes);
                break;
            case (JsonArray x, JsonArray y):
                for (var i = 0; i < Math.Max(x.Count, y.Count); i++)
                    Compare($"{path}[{i}]", i < x.Count ? x[i] : null, i < y.Count ? y[i] : null, changes);
                break;
            case (null, null):
                break;
            case (null, _):
                changes.Add($"{path}: added {Text(b)}");
                break;
            case (_, null):
                changes.Add($"{path}: removed (was {Text(a)})");
                break;
            default:
                if (!JsonNode.DeepEquals(a, b)) changes.Add($"{path}: {Text(a)} → {Text(b)}");
                break;
        }
    }

    /// <summary>The key whose value names each item of a list of objects, when every item has a distinct one.</summary>
    private static string? NameOf(JsonArray items) =>
        ItemKeys.FirstOrDefault(key => items.Count > 0
            && items.All(n => n is JsonObject o && o[key] is JsonValue)
            && items.Select(n => n![key]!.ToString()).Distinct(StringComparer.Ordinal).Count() == items.Count);

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static string Text(JsonNode? node) => node switch
    {
        null => "nothing",
        JsonValue v => v.ToJsonString(),
        _ => node.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = false }),
    };
}
