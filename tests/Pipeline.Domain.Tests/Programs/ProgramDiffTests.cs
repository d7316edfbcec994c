using Pipeline.Domain.Programs;
using Xunit;

namespace Pipeline.Domain.Tests.Programs;

public sealed class ProgramDiffTests
{
    [Fact]
    public void A_diff_names_each_changed_value_by_its_path_and_the_items_by_their_ids()
    {
        var json = ProgramDefinitions.ReadReferenceJson()
            .Replace("\"version\": \"2025.1\"", "\"version\": \"2026.3\"", StringComparison.Ordinal)
            .Replace("{ \"id\": \"core\", \"from\": 0, \"to\": 0.8, \"rate\": 0.08 }", "{ \"id\": \"core\", \"from\": 0, \"to\": 0.8, \"rate\": 0.085 }", StringComparison.Ordinal)
            .Replace("\"minDeals\": 300", "\"minDeals\": 250", StringComparison.Ordinal);
        var changed = ProgramDefinitions.Load(json);

        var lines = ProgramDiff.Describe(ProgramDefinitions.Reference, changed);

        Assert.Equal(
            [
                "version: \"2025.1\" → \"2026.3\"",
                "anomalies.benford.minDeals: 300 → 250",
                "plans[growth-reseller].bands[core].rate: 0.08 → 0.085",
            ],
            lines);
        Assert.Empty(ProgramDiff.Describe(ProgramDefinitions.Reference, ProgramDefinitions.Load(ProgramDefinitions.ReadReferenceJson())));
    }
}

public sealed class ProgramAnomalyRulesTests
{
    [Theory]
    [InlineData("\"benford\": { \"maxPValue\": 0.01, \"minDeals\": 300 }", "\"benford\": { \"maxPValue\": 0.01, \"minDeals\": 5 }", "anomalies.benford.minDeals: must be at least 9")]
    [InlineData("\"benford\": { \"maxPValue\": 0.01, \"minDeals\": 300 }", "\"benford\": { \"maxPValue\": 1, \"minDeals\": 300 }", "anomalies.benford.maxPValue: must be greater than 0 and less than 1")]
    [InlineData("\"maxEarlierQuarters\": 4, \"minEarlierQuarters\": 2", "\"maxEarlierQuarters\": 1, \"minEarlierQuarters\": 2", "anomalies.revenueSpike.minEarlierQuarters: must be at most maxEarlierQuarters (1)")]
    public void A_program_whose_thresholds_the_checks_refuse_does_not_load(string from, string to, string expected)
    {
        var json = ProgramDefinitions.ReadReferenceJson();
        Assert.Contains(from, json, StringComparison.Ordinal);

        var error = Assert.Throws<ProgramDefinitionException>(() => ProgramDefinitions.Load(json.Replace(from, to, StringComparison.Ordinal)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
