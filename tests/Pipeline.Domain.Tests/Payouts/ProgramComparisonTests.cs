using Pipeline.Domain.Payouts;
using Pipeline.Domain.Programs;
using Pipeline.Domain.Tests.Programs;
using static Pipeline.Domain.Tests.Builders.Inputs;

namespace Pipeline.Domain.Tests.Payouts;

public sealed class ProgramComparisonTests
{
    private static readonly IncentiveProgram Reference = ProgramDefinitions.Reference;

    /// <summary>The reference program with the accelerator band at 16% instead of 14%.</summary>
    private static readonly IncentiveProgram RicherAccelerator = ProgramDefinitions.Load(ProgramFileMutations.Mutate(r =>
    {
        r["version"] = "2027.1-draft";
        r.Reseller()["bands"]![2]!["rate"] = 0.16m;
    }));

    private static PayoutInput ResellerWith(string id, decimal revenue) =>
        ForReseller([Deal($"{id}-D1", revenue, partnerId: id)], partner: Reseller() with { PartnerId = id, Name = $"Reseller {id}" }) with
        {
            Metrics = [Csat(4.5m) with { PartnerId = id }],
        };

    [Fact]
    public void Richer_accelerator_costs_the_extra_rate_on_revenue_inside_the_accelerator()
    {
        // agency at: 10,000.00 under both. Reseller R = 150,000: accelerator 50,000 × 0.14 = 7,000 → × 0.16 = 8,000
        // baseline 10,000 + 15,400 = 25,400.00; candidate 10,000 + 16,400 = 26,400.00
        var agency = ForAgency(Scorecard(0.25m, 0.025m, 0.90m));
        var comparison = ProgramComparer.Compare([agency, ResellerWith("RS-1", 150_000m)], Reference, RicherAccelerator);

        Assert.Equal(("partner-growth 2025.1", "partner-growth 2027.1-draft"), (comparison.Baseline, comparison.Candidate));
        Assert.Equal((25_400.00m, 26_400.00m, 1_000.00m), (comparison.BaselineTotal, comparison.CandidateTotal, comparison.Change));
        Assert.Equal(
            [new CostGroup("growth-reseller", null, 1, 15_400.00m, 1, 16_400.00m), new CostGroup("performance-partnership", null, 1, 10_000.00m, 1, 10_000.00m)],
            comparison.ByPlan);
        var change = Assert.Single(comparison.TopChanges); // the agency does not change, so it is not listed
        Assert.Equal(("RS-1", 1_000.00m), (change.PartnerId, change.Change));
    }

    [Fact]
    public void Tier_table_shows_partners_moving_between_tiers()
    {
        // candidate: tier above from A = 1.20. Agency A = 1.1000 (engagement 0.3125): above (11,000) → at (10,000)
        var stricter = ProgramDefinitions.Load(ProgramFileMutations.Mutate(r =>
        {
            r.Agency()["tiers"]![2]!["minAttainment"] = 1.20m;
            r.Agency()["performanceBonus"]!["fromAttainment"] = 1.20m;
            r.Agency()["performanceBonus"]!["toAttainment"] = 1.60m;
        }));
        var comparison = ProgramComparer.Compare([ForAgency(Scorecard(0.3125m, 0.025m, 0.90m))], Reference, stricter);

        Assert.Equal(
            [
                new CostGroup("performance-partnership", "at", 0, 0m, 1, 10_000.00m),
                new CostGroup("performance-partnership", "above", 1, 11_000.00m, 0, 0m),
            ],
            comparison.ByTier);
        var change = Assert.Single(comparison.TopChanges);
        Assert.Equal(("above", "at", -1_000.00m), (change.BaselineTier, change.CandidateTier, change.Change));
    }

    [Fact]
    public void Top_changes_are_the_largest_either_way_and_limited_to_the_count_asked()
    {
        // accelerator +0.02 on: RS-A 150,000 → +1,000.00; RS-B 110,000 → 10,000 × 0.02 = +200.00; RS-C 120,000 → +400.00
        var inputs = new[] { ResellerWith("RS-A", 150_000m), ResellerWith("RS-B", 110_000m), ResellerWith("RS-C", 120_000m) };
        var comparison = ProgramComparer.Compare(inputs, Reference, RicherAccelerator, topChanges: 2);

        Assert.Equal([("RS-A", 1_000.00m), ("RS-C", 400.00m)], comparison.TopChanges.Select(c => (c.PartnerId, c.Change)));
        Assert.Equal(1_600.00m, comparison.Change);
        Assert.Equal(3, comparison.CandidateResults.Count);
    }

    [Fact]
    public void Comparing_a_program_with_itself_shows_no_change()
    {
        var comparison = ProgramComparer.Compare([ResellerWith("RS-A", 150_000m), ForAgency(Scorecard(0.5m, 0.05m, 0.9m))], Reference, Reference);

        Assert.Equal(0m, comparison.Change);
        Assert.Empty(comparison.TopChanges);
        Assert.All(comparison.ByTier, g => Assert.Equal(0m, g.Change));
    }
}
