using System.Text.RegularExpressions;
using Xunit;

namespace Pipeline.Functions.Tests.Deployment;

/// <summary>The README's map of the tree ("How it is built") names every project of the repository and only those,
/// with the references each project has.</summary>
public sealed partial class ReadmeMapTests
{
    private static readonly string[] ProjectFolders = ["functions", "tests"];

    [Fact]
    public void The_map_names_every_project_and_only_existing_ones()
    {
        var root = ContractTests.RepoRoot();
        var map = Map(root);
        var mapped = ProjectLine().Matches(map).Select(m => m.Groups["name"].Value).Order(StringComparer.Ordinal).ToList();
        var projects = ProjectFolders
            .SelectMany(d => Directory.GetDirectories(Path.Combine(root, d)))
            .Where(d => Directory.GetFiles(d, "*.csproj").Length == 1)
            .Select(d => Path.GetFileName(d)!)
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(projects, mapped);
    }

    [Fact]
    public void The_arrows_of_the_map_are_the_projects_references()
    {
        var root = ContractTests.RepoRoot();
        foreach (Match m in ProjectLine().Matches(Map(root)))
        {
            var name = m.Groups["name"].Value;
            if (m.Groups["refs"].Value is not { Length: > 0 } arrows || arrows.Contains("all of the above", StringComparison.Ordinal)) continue;
            var csproj = File.ReadAllText(Path.Combine(root, "functions", name, name + ".csproj"));
            var references = ProjectReference().Matches(csproj).Select(r => r.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
            foreach (var target in arrows.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                Assert.True(references.Contains("Pipeline." + target), $"{name}: the map says it references Pipeline.{target}; its project does not");
        }
    }

    private static string Map(string root)
    {
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var section = readme[readme.IndexOf("## How it is built", StringComparison.Ordinal)..];
        var start = section.IndexOf("```", StringComparison.Ordinal) + 3;
        return section[start..section.IndexOf("```", start, StringComparison.Ordinal)];
    }

    [GeneratedRegex(@"^  (?<name>Pipeline\.[A-Za-z.]+)\s+(?:→ (?<refs>[^.]+)\.)?", RegexOptions.Multiline)]
    private static partial Regex ProjectLine();

    [GeneratedRegex(@"<ProjectReference Include=""[^""]*\\(Pipeline\.[A-Za-z.]+)\.csproj""")]
    private static partial Regex ProjectReference();
}
