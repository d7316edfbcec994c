using System.Text.Json;

namespace Pipeline.Functions.Hosting;

public enum TriggerKind { Queue, Timer, Http }

/// <summary>One function as declared by its <c>function.json</c>: the name is its folder's name.</summary>
public sealed record FunctionDefinition(
    string Name,
    TriggerKind Trigger,
    string TriggerBinding,
    string? QueueName,
    string? Schedule,
    string? Route,
    IReadOnlyList<string> Methods)
{
    /// <summary>Reads every <c>{dir}/*/function.json</c>. Unknown trigger types fail loudly: the local trigger host
    /// must never silently skip a function the Functions host would run.</summary>
    public static IReadOnlyList<FunctionDefinition> LoadAll(string directory)
    {
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"No function definitions at {directory}.");
        return Directory.EnumerateDirectories(directory)
            .Where(d => File.Exists(Path.Combine(d, "function.json")))
            .Order(StringComparer.Ordinal)
            .Select(d => Parse(Path.GetFileName(d), File.ReadAllText(Path.Combine(d, "function.json"))))
            .ToList();
    }

    public static FunctionDefinition Parse(string name, string json)
    {
        using var doc = JsonDocument.Parse(json);
        var trigger = doc.RootElement.GetProperty("bindings").EnumerateArray()
            .Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
        var type = trigger.GetProperty("type").GetString();
        string? Text(string p) => trigger.TryGetProperty(p, out var v) ? v.GetString() : null;
        var kind = type switch
        {
            "queueTrigger" => TriggerKind.Queue,
            "timerTrigger" => TriggerKind.Timer,
            "httpTrigger" => TriggerKind.Http,
            _ => throw new InvalidOperationException($"Function {name}: trigger type '{type}' is not supported by this app."),
        };
        var methods = trigger.TryGetProperty("methods", out var m) ? m.EnumerateArray().Select(x => x.GetString()!).ToList() : [];
        return new FunctionDefinition(name, kind, Text("name") ?? "input", Text("queueName"), Text("schedule"), Text("route"), methods);
    }

    /// <summary>Where the definitions are deployed with the app (copied to the build output).</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "Bindings");
}
