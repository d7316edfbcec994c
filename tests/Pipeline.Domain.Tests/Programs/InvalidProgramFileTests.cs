using System.Text.Json.Nodes;
using Pipeline.Domain.Anomalies;
using Pipeline.Domain.Programs;
using static Pipeline.Domain.Tests.Programs.ProgramFileMutations;

namespace Pipeline.Domain.Tests.Programs;

/// <summary>Each kind of mistake in a program file is reported at its exact place, with what is expected there.</summary>
public sealed class InvalidProgramFileTests
{
    private static void AssertSingleError(Action<JsonNode> change, string path, string message)
    {
        var error = Assert.Single(ErrorsOf(Mutate(change)));
        Assert.Equal((path, message), (error.Path, error.Message));
    }

    [Fact]
    public void Text_that_is_not_json_is_rejected_with_its_line()
    {
        var error = Assert.Single(ErrorsOf("{\n  \"id\": \"x\",\n  oops\n}"));
        Assert.Equal(("$", "is not valid JSON (line 3, position 3)"), (error.Path, error.Message));
    }

    [Fact]
    public void A_file_that_is_not_an_object_is_rejected() =>
        Assert.Equal(new ProgramError("$", "must be an object"), Assert.Single(ErrorsOf("[1, 2]")));

    [Fact]
    public void Band_rate_above_1_is_rejected_at_its_path() =>
        AssertSingleError(r => r.Reseller()["bands"]![2]!["rate"] = 14, "plans[1].bands[2].rate", "must be between 0 and 1");

    [Fact]
    public void Negative_band_rate_is_rejected() =>
        AssertSingleError(r => r.Reseller()["bands"]![0]!["rate"] = -0.08m, "plans[1].bands[0].rate", "must be between 0 and 1");

    [Fact]
    public void A_rate_written_as_text_is_rejected() =>
        AssertSingleError(r => r.Reseller()["bands"]![1]!["rate"] = "10%", "plans[1].bands[1].rate", "must be a number");

    [Fact]
    public void A_missing_required_value_is_reported() =>
        AssertSingleError(r => r.AsObject().Remove("version"), "version", "is required");

    [Fact]
    public void An_unknown_quarter_is_rejected() =>
        AssertSingleError(r => r["effectiveFrom"] = "2026Q5", "effectiveFrom", "'2026Q5' must be a quarter like 2026Q3");

    [Fact]
    public void A_misspelt_property_is_reported_rather_than_ignored()
    {
        var error = Assert.Single(ErrorsOf(Mutate(r => r.Agency()["advance"]!["rat"] = 0.6m)));
        Assert.Equal(("plans[0].advance.rat", "is not a known property (expected one of: rate)"), (error.Path, error.Message));
    }

    [Fact]
    public void A_property_given_twice_is_reported() =>
        Assert.Contains(new ProgramError("plans[0].id", "appears more than once"),
            ErrorsOf(ProgramDefinitions.ReadReferenceJson().Replace("\"id\": \"performance-partnership\",", "\"id\": \"performance-partnership\", \"id\": \"x\",", StringComparison.Ordinal)));

    [Fact]
    public void An_unknown_partner_type_is_rejected() =>
        AssertSingleError(r => r.Reseller()["partnerType"] = "distributor", "plans[1].partnerType", "'distributor' must be one of: agency, reseller");

    [Fact]
    public void Two_plans_for_one_partner_type_are_rejected() =>
        AssertSingleError(r => r.Reseller()["partnerType"] = "agency", "plans[1].partnerType", "plan 'performance-partnership' already covers agency partners");

    [Fact]
    public void Scorecard_weights_that_do_not_add_up_to_1_are_rejected() =>
        AssertSingleError(r => r.Agency()["scorecard"]!["metrics"]![2]!["weight"] = 0.1m, "plans[0].scorecard.metrics", "weights must add up to 1 (they add up to 0.9)");

    [Fact]
    public void An_unknown_metric_is_rejected() =>
        AssertSingleError(r => r.Agency()["scorecard"]!["metrics"]![1]!["metric"] = "conversion",
            "plans[0].scorecard.metrics[1].metric", "'conversion' must be one of: engagement_rate, conversion_rate, on_time_rate, csat, response_hours");

    [Fact]
    public void A_rate_threshold_written_as_a_percentage_is_rejected() =>
        AssertSingleError(r => r.Agency()["scorecard"]!["metrics"]![0]!["threshold"] = 25, "plans[0].scorecard.metrics[0].threshold", "must be greater than 0 and at most 1");

    [Fact]
    public void A_gap_between_bands_is_rejected() =>
        AssertSingleError(r => r.Reseller()["bands"]![2]!["from"] = 1.1m, "plans[1].bands[2].from", "must equal the previous band's to (1.0): bands may not leave gaps or overlap");

    [Fact]
    public void A_last_band_with_an_upper_edge_is_rejected() =>
        AssertSingleError(r => r.Reseller()["bands"]![3]!["to"] = 3, "plans[1].bands[3].to", "must be absent: the last band covers all revenue above its start");

    [Fact]
    public void A_band_ending_before_it_starts_is_rejected()
    {
        var errors = ErrorsOf(Mutate(r => r.Reseller()["bands"]![1]!["to"] = 0.7m));
        Assert.Contains(new ProgramError("plans[1].bands[1].to", "must be greater than from (0.8)"), errors);
        Assert.Contains(new ProgramError("plans[1].bands[2].from", "must equal the previous band's to (0.7): bands may not leave gaps or overlap"), errors);
    }

    [Fact]
    public void A_gate_on_an_unknown_band_is_rejected() =>
        AssertSingleError(r => r.Reseller()["gates"]![0]!["band"] = "accel", "plans[1].gates[0].band", "'accel' is not a band of this plan (core, target, accelerator, accelerator-cap)");

    [Fact]
    public void A_bonus_for_an_unknown_tier_is_rejected() =>
        AssertSingleError(r => r.Agency()["performanceBonus"]!["tier"] = "top", "plans[0].performanceBonus.tier", "'top' is not a tier of this plan (below, at, above)");

    [Fact]
    public void A_bonus_range_that_runs_backwards_is_rejected() =>
        AssertSingleError(r => r.Agency()["performanceBonus"]!["toAttainment"] = 1.0m, "plans[0].performanceBonus.toAttainment", "must be greater than fromAttainment (1.10)");

    [Fact]
    public void A_first_tier_with_a_condition_is_rejected() =>
        AssertSingleError(r => r.Agency()["tiers"]![0]!["minAttainment"] = 0.5m, "plans[0].tiers[0]", "the first tier is the fallback every partner reaches, so it must have no conditions");

    [Fact]
    public void Streak_steps_out_of_order_are_rejected() =>
        AssertSingleError(r => r.Agency()["sustainedPerformance"]!["steps"]![1]!["minStreak"] = 2, "plans[0].sustainedPerformance.steps[1].minStreak", "must be greater than the previous step's (2)");

    [Fact]
    public void A_fractional_streak_length_is_rejected() =>
        AssertSingleError(r => r.Agency()["sustainedPerformance"]!["steps"]![0]!["minStreak"] = 2.5m, "plans[0].sustainedPerformance.steps[0].minStreak", "must be a whole number");

    [Fact]
    public void Sustained_performance_without_a_bonus_to_uplift_is_rejected() =>
        AssertSingleError(r => r.Agency().AsObject().Remove("performanceBonus"), "plans[0].sustainedPerformance", "needs a performanceBonus (it is paid as a share of it)");

    [Fact]
    public void A_notice_for_an_unknown_tier_is_rejected() =>
        AssertSingleError(r => r.Agency()["notices"]![0]!["tiers"]![0] = "bellow", "plans[0].notices[0].tiers[0]", "'bellow' is not a tier of this plan (below, at, above)");

    [Fact]
    public void A_plan_that_pays_nothing_is_rejected() =>
        AssertSingleError(r =>
        {
            var reseller = r.Reseller().AsObject();
            foreach (var block in (string[])["bands", "gates", "growthUplift", "erodedDeals", "clawback"]) reseller.Remove(block);
        }, "plans[1]", "must define tiers (with a scorecard) or bands: a plan that pays nothing is a mistake");

    [Fact]
    public void A_missing_anomaly_check_is_reported() =>
        AssertSingleError(r => r["anomalies"]!.AsObject().Remove("benford"), "anomalies.benford", "is required");

    [Fact]
    public void An_anomaly_share_above_1_is_rejected() =>
        AssertSingleError(r => r["anomalies"]!["refundRate"]!["minShare"] = 15, "anomalies.refundRate.minShare", "must be greater than 0 and at most 1");

    [Fact]
    public void An_anomaly_threshold_that_is_not_a_number_is_reported_once() =>
        AssertSingleError(r => r["anomalies"]!["benford"]!["minDeals"] = "300", "anomalies.benford.minDeals", "must be a whole number");

    [Fact]
    public void An_anomaly_threshold_the_check_refuses_is_reported_at_its_path() =>
        AssertSingleError(r => r["anomalies"]!["duplicateDeal"]!["minPartners"] = 1, "anomalies.duplicateDeal.minPartners", "must be at least 2: one partner alone is not a duplicate");

    [Fact]
    public void A_misspelt_anomaly_check_is_rejected() =>
        AssertSingleError(r => r["anomalies"]!["refundRates"] = new JsonObject { ["minShare"] = 0.5 }, "anomalies.refundRates",
            $"is not a known property (expected one of: {string.Join(", ", AnomalyChecks.WithThresholds.Select(c => c.ProgramKey).Order(StringComparer.Ordinal))})");

    [Fact]
    public void A_program_without_plans_is_rejected() =>
        AssertSingleError(r => r["plans"] = new JsonArray(), "plans", "must not be empty");

    [Fact]
    public void An_id_with_spaces_is_rejected() =>
        AssertSingleError(r => r["id"] = "Partner Growth", "id", "'Partner Growth' must use only lowercase letters, digits, '-' and '_'");

    [Fact]
    public void A_bonus_with_both_a_rate_and_an_amount_is_rejected() =>
        AssertSingleError(r => r.Agency()["bonuses"]![0]!["amount"] = 100, "plans[0].bonuses[0]", "needs either rate (a share of the base fee) or amount (a fixed sum), not both");

    [Fact]
    public void A_bonus_bound_without_a_metric_is_rejected() =>
        AssertSingleError(r => r.Agency()["bonuses"]![0]!.AsObject().Remove("metric"), "plans[0].bonuses[0].metric", "is required when minMean or maxMean is given");

    [Fact]
    public void A_bonus_may_not_take_a_built_in_rule_id() =>
        AssertSingleError(r => r.Agency()["bonuses"]![0]!["id"] = "base", "plans[0].bonuses[0].id", "'base' is a built-in rule id; choose another");

    [Fact]
    public void Every_problem_in_a_file_is_reported_at_once_in_file_order()
    {
        var errors = ErrorsOf(Mutate(r =>
        {
            r["effectiveFrom"] = "next year";
            r.Agency()["advance"]!["rate"] = 60;
            r.Reseller()["bands"]![2]!["rate"] = 1.4m;
            r.Reseller()["erodedDeals"]!["discountAbove"] = "30%";
        }));

        Assert.Equal(
            ["effectiveFrom", "plans[0].advance.rate", "plans[1].bands[2].rate", "plans[1].erodedDeals.discountAbove"],
            errors.Select(e => e.Path));
        var exception = Assert.Throws<ProgramDefinitionException>(() => ProgramDefinitions.Load(Mutate(r => r.Reseller()["bands"]![2]!["rate"] = 1.4m)));
        Assert.Contains("plans[1].bands[2].rate: must be between 0 and 1", exception.Message, StringComparison.Ordinal);
    }
}
