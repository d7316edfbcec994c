using System.Reflection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Pipeline.Functions.Tests;

/// <summary>
/// Every [LoggerMessage] id is unique across the solution's assemblies and lies in its assembly's range, so an id
/// found in the logs names one message. A new assembly that logs takes the next free range here.
/// </summary>
public sealed class EventIdTests
{
    private static readonly Dictionary<string, (int First, int Last)> Ranges = new(StringComparer.Ordinal)
    {
        ["Pipeline.Functions"] = (1000, 7999),
        ["Pipeline.LocalHost"] = (8000, 8999),
        ["pipeline"] = (9000, 9999), // the CLI (Pipeline.Cli)
        ["Pipeline.Ingest"] = (10000, 10999),
        ["Pipeline.Close"] = (11000, 11999),
        ["Pipeline.Access"] = (12000, 12999),
        ["Pipeline.Notifications"] = (13000, 13999),
        ["Pipeline.Inquiries"] = (14000, 14999),
        ["Pipeline.Terms"] = (15000, 15999),
        ["Pipeline.Azure"] = (16000, 16999),
        ["Pipeline.Benchmarks"] = (17000, 17999),
        ["Pipeline.Dev"] = (18000, 18999),
    };

    private static readonly string[] Ours = ["Pipeline.Functions", "Pipeline.LocalHost", "pipeline"];

    private static IEnumerable<Assembly> Assemblies() =>
        Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(n => n!.StartsWith("Pipeline.", StringComparison.Ordinal) || n == "pipeline")
            .Select(n => Assembly.Load(new AssemblyName(n!)));

    private static IEnumerable<(string Assembly, string Method, int Id)> Messages(Assembly assembly) =>
        from type in assembly.GetTypes()
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
        let attribute = method.GetCustomAttribute<LoggerMessageAttribute>()
        where attribute is not null
        select (assembly.GetName().Name!, $"{type.FullName}.{method.Name}", attribute.EventId);

    [Fact]
    public void Every_logging_assembly_is_seen()
    {
        var names = Assemblies().Select(a => a.GetName().Name).ToHashSet();
        Assert.All(Ours, n => Assert.Contains(n, names));
    }

    [Fact]
    public void Event_ids_are_unique_and_inside_their_assembly_range()
    {
        var messages = Assemblies().SelectMany(Messages).ToList();
        Assert.NotEmpty(messages);

        var reused = messages.GroupBy(m => m.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Method))}").ToList();
        Assert.True(reused.Count == 0, "Event ids used more than once: " + string.Join("; ", reused));

        var outside = messages
            .Where(m => !Ranges.TryGetValue(m.Assembly, out var range) || m.Id < range.First || m.Id > range.Last)
            .Select(m => $"{m.Method} ({m.Assembly}): {m.Id}")
            .ToList();
        Assert.True(outside.Count == 0, "Event ids outside their assembly's range: " + string.Join("; ", outside));
    }

    [Fact]
    public void Ranges_do_not_overlap()
    {
        var ordered = Ranges.Values.OrderBy(r => r.First).ToList();
        Assert.All(ordered.Zip(ordered.Skip(1)), p => Assert.True(p.First.Last < p.Second.First, $"{p.First} overlaps {p.Second}"));
    }
}
