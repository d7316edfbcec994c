using System.Text.Json;
using Pipeline.Storage;
using Xunit;

namespace Pipeline.Functions.Tests.Deployment;

/// <summary>
/// bicep/ compiles and lints clean with the Bicep CLI from NuGet (CI runs these through `dotnet test`), the lint
/// gate really fails on a warning, and the storage Bicep declares is the storage the app uses.
/// </summary>
public sealed class BicepTests
{
    // First run on a fresh machine restores the Bicep CLI package (~125 MB) from NuGet.
    private static readonly TimeSpan LintTimeout = TimeSpan.FromMinutes(8);

    [Fact]
    public async Task Every_bicep_file_builds_with_the_linter_on_and_without_a_warning()
    {
        var result = await ScriptRunner.RunAsync("infra/bicep-lint.sh", [], LintTimeout);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.DoesNotContain(" : Warning ", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(" : Error ", result.Output, StringComparison.Ordinal);
        // Every module, main.bicep and main.bicepparam were built, not an empty set.
        var expected = Directory.GetFiles(Path.Combine(ContractTests.RepoRoot(), "bicep"), "*.bicep*", SearchOption.AllDirectories).Length;
        Assert.Contains($"bicep-lint: {expected} file(s) built, no warnings", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lint_fails_on_the_warning_for_a_misspelt_property_in_a_module()
    {
        using var copy = TempDirectory.CopyOf(Path.Combine(ContractTests.RepoRoot(), "bicep"));
        var storage = Path.Combine(copy.Path, "modules", "storage.bicep");
        var text = await File.ReadAllTextAsync(storage);
        Assert.Contains("    allowSharedKeyAccess: false\n", text, StringComparison.Ordinal);
        // A misspelt property compiles to a template Azure would reject or ignore: Bicep only warns (BCP089).
        await File.WriteAllTextAsync(storage, text.Replace("    allowSharedKeyAccess: false\n", "    allowSharedKeyAcess: false\n", StringComparison.Ordinal));

        var result = await ScriptRunner.RunAsync("infra/bicep-lint.sh", [copy.Path], LintTimeout);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("modules/storage.bicep(", result.Output, StringComparison.Ordinal);
        Assert.Contains(": Warning BCP089: The property \"allowSharedKeyAcess\" is not allowed", result.Output, StringComparison.Ordinal);
        Assert.Contains("bicep-lint: FAILED", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Bicep_declares_exactly_the_containers_queues_and_tables_the_app_names()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(ContractTests.RepoRoot(), "bicep", "storage-names.json")));
        string[] Read(string property) => [.. json.RootElement.GetProperty(property).EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal)];

        Assert.Equal(Names.Containers.Order(StringComparer.Ordinal), Read("containers"));
        Assert.Equal(Names.Queues.Order(StringComparer.Ordinal), Read("queues"));
        Assert.Equal(Names.Tables.Order(StringComparer.Ordinal), Read("tables"));
        Assert.Equal(Names.Drops, json.RootElement.GetProperty("dropsContainer").GetString());
        Assert.Equal(Names.DropEventsQueue, json.RootElement.GetProperty("dropEventsQueue").GetString());
    }

    [Fact]
    public void Event_Grid_subscription_feeds_the_queue_ReceiveDrop_is_triggered_by()
    {
        var receiveDrop = File.ReadAllText(Path.Combine(ContractTests.RepoRoot(), "functions", "Pipeline.Functions", "Bindings", "ReceiveDrop", "function.json"));
        using var binding = JsonDocument.Parse(receiveDrop);
        var trigger = binding.RootElement.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "queueTrigger");

        Assert.Equal(Names.DropEventsQueue, trigger.GetProperty("queueName").GetString());
        Assert.Equal("AzureWebJobsStorage", trigger.GetProperty("connection").GetString());
    }
}
