using Pipeline.Domain.Payouts;
using static Pipeline.Domain.Tests.Builders.Inputs;

namespace Pipeline.Domain.Tests.Payouts;

/// <summary>
/// Sustained performance and notices (docs/program.md, "Agencies"). "Above" here is A = 1.3000: bonus 10,000 × 0.175 = 1,750.00,
/// so the uplift is 1,750.00 × 0.10 = 175.00 for a streak of 2–3 and 1,750.00 × 0.20 = 350.00 from 4.
/// </summary>
public sealed class AgencyStreakAndNoticeTests
{
    private static PayoutResult AboveWith(params ClosedQuarter[] history) =>
        Pay(ForAgency(Scorecard(0.4375m, 0.025m, 0.90m), history));

    private static PayoutResult BelowWith(params ClosedQuarter[] history) =>
        Pay(ForAgency(Scorecard(0.20m, 0.025m, 0.90m), history));

    [Fact]
    public void Streak_of_1_pays_no_sustained_performance_uplift()
    {
        var result = AboveWith(Closed("2026Q2", "below"));

        Assert.Equal(1, result.Streak);
        Assert.False(result.Has(RuleIds.SustainedPerformance));
        Assert.Equal(11_750.00m, result.TotalEarned); // 10,000 + 1,750
    }

    [Fact]
    public void Streak_of_2_adds_10_percent_of_the_performance_bonus()
    {
        // 2026Q2 was "at" (at or above counts), this quarter above: streak 2 → 1,750.00 × 0.10 = 175.00
        var result = AboveWith(Closed("2026Q2", "at"), Closed("2026Q1", "below"));

        Assert.Equal(2, result.Streak);
        var uplift = result.Lines.Single(l => l.RuleId == RuleIds.SustainedPerformance);
        Assert.Equal((1_750.00m, 0.10m, 175.00m), (uplift.Basis, uplift.Rate, uplift.Amount));
        Assert.Equal(11_925.00m, result.TotalEarned); // 10,000 + 1,750 + 175
    }

    [Fact]
    public void Streak_of_3_still_adds_10_percent()
    {
        var result = AboveWith(Closed("2026Q2", "above"), Closed("2026Q1", "at"));

        Assert.Equal(3, result.Streak);
        Assert.Equal(175.00m, result.Line(RuleIds.SustainedPerformance));
    }

    [Fact]
    public void Streak_of_4_adds_20_percent_of_the_performance_bonus()
    {
        // 2025Q4 above, 2026Q1 at, 2026Q2 above, 2026Q3 above: streak 4 → 1,750.00 × 0.20 = 350.00
        var result = AboveWith(Closed("2026Q2", "above"), Closed("2026Q1", "at"), Closed("2025Q4", "above"), Closed("2025Q3", "below"));

        Assert.Equal(4, result.Streak);
        Assert.Equal(350.00m, result.Line(RuleIds.SustainedPerformance));
        Assert.Equal(12_100.00m, result.TotalEarned); // 10,000 + 1,750 + 350
    }

    [Fact]
    public void A_quarter_that_was_never_closed_breaks_the_streak()
    {
        // 2026Q2 missing from the history: the streak is this quarter alone, whatever came before
        var result = AboveWith(Closed("2026Q1", "above"), Closed("2025Q4", "above"), Closed("2025Q3", "above"));

        Assert.Equal(1, result.Streak);
        Assert.False(result.Has(RuleIds.SustainedPerformance));
    }

    [Fact]
    public void A_streak_at_tier_at_earns_no_uplift_because_there_is_no_bonus()
    {
        var result = Pay(ForAgency(Scorecard(0.25m, 0.025m, 0.90m), Closed("2026Q2", "above"), Closed("2026Q1", "above")));

        Assert.Equal(3, result.Streak);
        Assert.Equal(10_000.00m, result.TotalEarned);
    }

    [Fact]
    public void Below_in_this_and_the_previous_quarter_gives_the_off_ramp_notice()
    {
        var result = BelowWith(Closed("2026Q2", "below"));

        Assert.Equal(["off-ramp review: the partnership may end with 30 days' notice"], result.Notices);
        Assert.Equal(0, result.Streak);
    }

    [Fact]
    public void Below_only_this_quarter_gives_no_notice()
    {
        Assert.Empty(BelowWith(Closed("2026Q2", "at")).Notices);
    }

    [Fact]
    public void Four_consecutive_quarters_at_or_above_make_the_agency_eligible_for_a_long_term_exclusive()
    {
        var result = AboveWith(Closed("2026Q2", "at"), Closed("2026Q1", "above"), Closed("2025Q4", "at"));

        Assert.Equal(["eligible for a long-term exclusive arrangement"], result.Notices);
    }

    [Fact]
    public void Three_consecutive_quarters_at_or_above_are_not_yet_enough_for_the_exclusive_notice()
    {
        Assert.Empty(AboveWith(Closed("2026Q2", "at"), Closed("2026Q1", "above"), Closed("2025Q4", "below")).Notices);
    }

    [Fact]
    public void History_recorded_for_later_quarters_is_ignored()
    {
        // a record for 2026Q4 (say, a re-run of history) must not lengthen 2026Q3's streak
        var result = AboveWith(Closed("2026Q4", "above"), Closed("2026Q2", "below"));

        Assert.Equal(1, result.Streak);
    }
}
