using Pipeline.Domain.Anomalies.Checks;
using Pipeline.Domain.Partners;
using Pipeline.Domain.Programs;

namespace Pipeline.Domain.Tests.Programs;

public sealed class ProgramFileTests
{
    [Fact]
    public void Reference_program_round_trips_through_save_and_load()
    {
        var loaded = ProgramDefinitions.Load(ProgramDefinitions.ReadReferenceJson());
        var saved = ProgramDefinitions.Save(loaded);
        var reloaded = ProgramDefinitions.Load(saved);

        Assert.Equal(loaded, reloaded);
        Assert.Equal(saved, ProgramDefinitions.Save(reloaded));
    }

    [Fact]
    public void Saved_program_is_written_in_the_file_format_finance_edits()
    {
        var saved = ProgramDefinitions.Save(ProgramDefinitions.Reference);

        Assert.Contains("\"effectiveFrom\": \"2025Q1\"", saved, StringComparison.Ordinal);
        Assert.Contains("\"partnerType\": \"reseller\"", saved, StringComparison.Ordinal);
        Assert.Contains("\"rate\": 0.14", saved, StringComparison.Ordinal);
        Assert.DoesNotContain("null", saved, StringComparison.Ordinal); // absent blocks stay absent
    }

    [Fact]
    public void An_edited_rate_changes_equality_so_a_round_trip_check_would_catch_a_lost_value()
    {
        var edited = ProgramDefinitions.Load(ProgramDefinitions.ReadReferenceJson().Replace("\"rate\": 0.14", "\"rate\": 0.15", StringComparison.Ordinal));

        Assert.NotEqual(ProgramDefinitions.Reference, edited);
        Assert.Equal(0.15m, edited.PlanFor(PartnerType.Reseller).Bands![2].Rate);
    }

    [Fact]
    public void Reference_program_carries_the_numbers_of_the_contract()
    {
        var program = ProgramDefinitions.Reference;
        var agency = program.PlanFor(PartnerType.Agency);
        var reseller = program.PlanFor(PartnerType.Reseller);

        Assert.Equal(("partner-growth", Quarter.Parse("2025Q1")), (program.Id, program.EffectiveFrom));
        Assert.Equal("performance-partnership", agency.Id);
        Assert.Equal([(0.25m, 0.4m), (0.025m, 0.4m), (0.90m, 0.2m)], agency.Scorecard!.Metrics.Select(m => (m.Threshold, m.Weight)));
        Assert.Equal(["below", "at", "above"], agency.TierIds());
        Assert.Equal(0.60m, agency.Advance!.Rate);
        Assert.Equal("growth-reseller", reseller.Id);
        Assert.Equal([0.08m, 0.10m, 0.14m, 0.10m], reseller.Bands!.Select(b => b.Rate));
        Assert.Equal(new FlatRateExclusion(0.30m, 0.04m), reseller.ErodedDeals);
        Assert.Equal(new GrowthUplift(365, 1.20m, 0.01m), reseller.GrowthUplift);
        Assert.Equal(new PayoutJumpThresholds(2m, 10_000m), program.Anomalies.Of<PayoutJumpThresholds>());
        Assert.Equal(new BenfordThresholds(0.01m, 300), program.Anomalies.Of<BenfordThresholds>());
    }

    [Fact]
    public void The_program_in_force_is_the_latest_to_take_effect_by_the_quarter()
    {
        var v2 = ProgramDefinitions.Reference with { Version = "2027.1", EffectiveFrom = Quarter.Parse("2027Q1") };
        var programs = new[] { v2, ProgramDefinitions.Reference };

        Assert.Null(ProgramDefinitions.EffectiveFor(programs, Quarter.Parse("2024Q4")));
        Assert.Same(ProgramDefinitions.Reference, ProgramDefinitions.EffectiveFor(programs, Quarter.Parse("2026Q4")));
        Assert.Same(v2, ProgramDefinitions.EffectiveFor(programs, Quarter.Parse("2027Q1")));
        Assert.Same(v2, ProgramDefinitions.EffectiveFor(programs, Quarter.Parse("2028Q3")));
    }

    [Fact]
    public void Two_programs_taking_effect_in_the_same_quarter_are_refused()
    {
        var rival = ProgramDefinitions.Reference with { Version = "2025.1b" };

        var error = Assert.Throws<InvalidOperationException>(() => ProgramDefinitions.EffectiveFor([ProgramDefinitions.Reference, rival], Quarter.Parse("2026Q3")));
        Assert.Contains("take effect in 2025Q1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_program_without_a_plan_for_a_partner_type_says_so_when_asked()
    {
        var json = ProgramFileMutations.Mutate(root => root["plans"]!.AsArray().RemoveAt(1));
        var program = ProgramDefinitions.Load(json);

        var error = Assert.Throws<InvalidOperationException>(() => program.PlanFor(PartnerType.Reseller));
        Assert.Contains("no plan for Reseller partners", error.Message, StringComparison.Ordinal);
    }
}
