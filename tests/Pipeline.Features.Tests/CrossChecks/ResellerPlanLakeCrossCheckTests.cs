using System.Globalization;
using Pipeline.Domain.Payouts;
using Pipeline.Domain.Programs;
using Pipeline.Dev.CrossChecks;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Features.Tests.CrossChecks;

/// <summary>
/// The calculator and an independent SQL formulation of the reseller plan (<see cref="ResellerPlanSql"/>) agree
/// to the cent on a generated quarter of hundreds of partners whose deals are real Parquet files written by the
/// lake writer (one drop per partner, Hive layout) and read back by DuckDB with <c>read_parquet</c>.
/// </summary>
public sealed class ResellerPlanLakeCrossCheckTests : IDisposable
{
    private const int Partners = 400;
    private readonly string _lake = Directory.CreateTempSubdirectory("lake-crosscheck-").FullName;

    public void Dispose() => Directory.Delete(_lake, recursive: true);

    [Fact]
    public async Task Calculator_and_sql_over_the_parquet_lake_agree_to_the_cent_on_every_reseller_line()
    {
        var quarter = GeneratedResellers.Create(Partners, seed: 20260923);
        var files = await quarter.WriteDealsAsync(_lake);

        var fromCalculator = quarter.PartnerInputs
            .SelectMany(input => PayoutCalculator.Calculate(ProgramDefinitions.Reference, input).Lines
                .Where(l => l.RuleId is RuleIds.Band or RuleIds.ErodedDeals)
                .Select(l => (input.Partner.PartnerId, Rule: l.RuleId == RuleIds.Band ? BandRule(l) : l.RuleId, l.Amount)))
            .OrderBy(x => x.PartnerId, StringComparer.Ordinal).ThenBy(x => x.Rule, StringComparer.Ordinal)
            .ToList();

        var glob = GeneratedResellers.DealsGlob(_lake);
        var fromSql = DuckDb.Query(quarter.SetupStatements(), ResellerPlanSql.Lines(glob))
            .Select(row => ((string)row[0]!, (string)row[1]!, (decimal)row[2]!))
            .ToList();

        // the SQL really read the lake: every deal, across more than one quarter partition
        var lake = DuckDb.Query($"SELECT count(*), count(DISTINCT quarter), count(DISTINCT partner_id) FROM read_parquet('{glob}', hive_partitioning = true)")[0];
        Assert.Equal(quarter.DealCount, Convert.ToInt64(lake[0], CultureInfo.InvariantCulture));
        Assert.True(Convert.ToInt64(lake[1], CultureInfo.InvariantCulture) >= 2, "deals either side of the quarter should be in other partitions");
        Assert.True(files.Count > Partners, $"expected a file per partner and quarter, got {files.Count}");

        Assert.True(fromSql.Count > Partners, $"expected lines for most of {Partners} partners, SQL gave {fromSql.Count}");
        Assert.Equal(fromSql, fromCalculator);
        // the generated edges were really exercised, so agreement is not agreement on easy cases only
        Assert.Contains(quarter.PartnerInputs, i => i.Deals.Any(d => d.ListAmount == 20_000m && d.NetAmount == 13_999m));
        Assert.Contains(quarter.PartnerInputs, i => i.HeldDealIds.Count > 0);
        Assert.True(fromCalculator.Count(x => x.Rule == "band:3") > 20, "too few partners reached the accelerator");
        Assert.Contains(fromCalculator, x => x.Rule == RuleIds.ErodedDeals);
    }

    /// <summary>The calculator's band lines carry the band id; SQL numbers them 1 to 4.</summary>
    private static string BandRule(PayoutLine line) => line.Description.Split(' ')[1] switch
    {
        "core" => "band:1",
        "target" => "band:2",
        "accelerator" => "band:3",
        "accelerator-cap" => "band:4",
        var other => $"band:{other}",
    };
}
