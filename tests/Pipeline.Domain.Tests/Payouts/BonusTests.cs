using System.Text.Json.Nodes;
using Pipeline.Domain.Metrics;
using Pipeline.Domain.Payouts;
using Pipeline.Domain.Programs;
using Pipeline.Domain.Tests.Programs;
using static Pipeline.Domain.Tests.Builders.Inputs;

namespace Pipeline.Domain.Tests.Payouts;

/// <summary>Bonuses are data: a program can add fixed or percentage bonuses without a code change.</summary>
public sealed class BonusTests
{
    private static IncentiveProgram WithBonus(int plan, string bonusJson) =>
        ProgramDefinitions.Load(ProgramFileMutations.Mutate(r =>
        {
            var target = r["plans"]![plan]!.AsObject();
            if (target["bonuses"] is not JsonArray bonuses) target["bonuses"] = bonuses = [];
            bonuses.Add(JsonNode.Parse(bonusJson));
        }));

    [Fact]
    public void A_fixed_bonus_for_a_tier_is_a_line_of_its_own_amount()
    {
        // A = 1.3000 → above: 10,000 + 1,750 + fixed 500.00 × 1 = 12,250.00
        var program = WithBonus(0, """{ "id": "launch", "description": "Launch bonus", "tiers": ["above"], "amount": 500 }""");
        var result = PayoutCalculator.Calculate(program, ForAgency(Scorecard(0.4375m, 0.025m, 0.90m)));

        var line = result.Lines.Single(l => l.RuleId == "launch");
        Assert.Equal(("Launch bonus", 500m, 1m, 500.00m), (line.Description, line.Basis, line.Rate, line.Amount));
        Assert.Equal(12_250.00m, result.TotalEarned);
    }

    [Fact]
    public void A_fixed_bonus_is_not_paid_outside_its_tiers()
    {
        var program = WithBonus(0, """{ "id": "launch", "description": "Launch bonus", "tiers": ["above"], "amount": 500 }""");

        Assert.False(PayoutCalculator.Calculate(program, ForAgency(Scorecard(0.25m, 0.025m, 0.90m))).Has("launch"));
    }

    [Fact]
    public void A_reseller_bonus_on_a_minimum_csat_pays_only_from_that_mean()
    {
        // R = 50,000 → 4,000.00; csat ≥ 4.5 → + 250.00
        var program = WithBonus(1, """{ "id": "csat-excellence", "description": "CSAT excellence", "tiers": ["qualified"], "metric": "csat", "minMean": 4.5, "amount": 250 }""");

        var at45 = PayoutCalculator.Calculate(program, ForReseller([Deal("D-1", 50_000m)], csat: 4.5m));
        var at449 = PayoutCalculator.Calculate(program, ForReseller([Deal("D-1", 50_000m)], csat: 4.49m));

        Assert.Equal(4_250.00m, at45.TotalEarned);
        Assert.Equal("CSAT excellence: mean csat 4.5000 ≥ 4.5", at45.Lines.Single(l => l.RuleId == "csat-excellence").Description);
        Assert.Equal(4_000.00m, at449.TotalEarned);
    }

    [Fact]
    public void The_reference_responsiveness_bonus_reads_as_a_bonus_line()
    {
        var metrics = Scorecard(0.25m, 0.025m, 0.90m);
        metrics.Add(Metric(MetricNames.ResponseHours, 12m));
        var line = Pay(ForAgency(metrics)).Lines.Single(l => l.RuleId == RuleIds.Responsiveness);

        Assert.Equal("Responsiveness bonus: mean response_hours 12.0000 ≤ 24", line.Description);
        Assert.Equal("10,000.00 × 0.02 = 200.00", line.Formula);
    }
}
