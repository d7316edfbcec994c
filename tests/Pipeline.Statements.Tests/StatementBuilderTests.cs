using Pipeline.Domain;
using Pipeline.Domain.Anomalies;
using Pipeline.Domain.Statements;
using Pipeline.Statements.Tests.Builders;

namespace Pipeline.Statements.Tests;

public sealed class StatementBuilderTests
{
    [Fact]
    public void Lines_split_into_earnings_and_adjustments_whose_subtotals_add_up_to_the_total()
    {
        var statement = TestStatements.For(TestStatements.TypicalReseller());

        Assert.Equal(["band", "band", "band", "eroded-deals"], statement.Earnings.Select(l => l.RuleId));
        Assert.Equal(["clawback"], statement.Adjustments.Select(l => l.RuleId));
        Assert.Equal(30_483.20m, statement.Totals.Earnings);
        Assert.Equal(-1_163.75m, statement.Totals.Adjustments);
        Assert.Equal(statement.Totals.TotalEarned, statement.Totals.Earnings + statement.Totals.Adjustments);
        Assert.Equal(5, statement.Lines.Count);
    }

    [Fact]
    public void Payout_whose_lines_do_not_add_up_to_its_total_is_refused()
    {
        var result = TestStatements.TypicalAgency() with { TotalEarned = 1m };

        var error = Assert.Throws<ArgumentException>(() => TestStatements.For(result));
        Assert.Contains("AG-0042", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Payout_whose_balance_is_not_total_minus_advance_is_refused()
    {
        var result = TestStatements.TypicalAgency() with { BalanceDue = 0m };

        Assert.Throws<ArgumentException>(() => TestStatements.For(result));
    }

    [Fact]
    public void Prior_period_line_carries_the_reason_recorded_for_its_quarter()
    {
        var input = TestStatements.InputFor(TestStatements.TypicalAgency()) with
        {
            PriorPeriodReasons = new Dictionary<Quarter, string> { [new Quarter(2026, 2)] = "late metrics" },
        };

        var statement = StatementBuilder.Build(input);

        Assert.Equal("late metrics", statement.Adjustments.Single().Note);
        Assert.All(statement.Earnings, l => Assert.Null(l.Note));
    }

    [Fact]
    public void High_severity_finding_holds_the_payout_and_a_medium_one_does_not()
    {
        var medium = TestStatements.InputFor(TestStatements.TypicalReseller()) with
        {
            AnomaliesUnderReview = [new AnomalyUnderReview("price_erosion", "medium", "26% eroded")],
        };
        var high = medium with { AnomaliesUnderReview = [.. medium.AnomaliesUnderReview, new AnomalyUnderReview("duplicate_deal", "high", "D-1")] };

        Assert.False(StatementBuilder.Build(medium).PayoutHeld);
        Assert.True(StatementBuilder.Build(high).PayoutHeld);
    }

    [Fact]
    public void Without_an_explanation_from_the_calculator_the_statement_explains_the_arithmetic()
    {
        var statement = TestStatements.For(TestStatements.TypicalAgency());

        Assert.Collection(statement.Explanation,
            s => Assert.Contains("USD 23,385.40 across 4 lines", s, StringComparison.Ordinal),
            s => Assert.Contains("+USD 350.00, for a total earned of USD 23,735.40", s, StringComparison.Ordinal),
            s => Assert.Contains("advance of USD 12,000.00", s, StringComparison.Ordinal));
    }

    [Fact]
    public void Calculator_explanation_is_kept_as_written()
    {
        var result = TestStatements.TypicalAgency() with { Explanation = ["All three metrics met."] };

        Assert.Equal(["All three metrics met."], TestStatements.For(result).Explanation);
    }

    [Fact]
    public void Scorecard_reads_rates_as_percentages_and_marks_each_measure_met_or_not()
    {
        var result = PayoutResultBuilder.Agency()
            .Metric("engagement_rate", 0.20m, 0.25m, 0.4m)
            .Metric("csat", 4.5m, 4.0m, 0m)
            .Line("base", "Base", 100m, 0.7m)
            .Build();

        var rows = TestStatements.For(result).Scorecard.Rows;

        Assert.Equal((ScorecardValueKind.Percent, false), (rows[0].Kind, rows[0].Met));
        Assert.Equal((ScorecardValueKind.Score, true, "CSAT (mean)"), (rows[1].Kind, rows[1].Met, rows[1].Label));
    }

    [Fact]
    public void Deals_the_calculator_held_are_listed_even_without_details_from_the_caller()
    {
        var input = TestStatements.InputFor(TestStatements.TypicalReseller() with { HeldDealIds = ["D-9", "D-2"] }) with
        {
            HeldDeals = [new HeldDeal("D-9", 500m, "Reported by two partners")],
        };

        var held = StatementBuilder.Build(input).HeldDeals;

        Assert.Equal([("D-9", (decimal?)500m), ("D-2", null)], held.Select(d => (d.DealId, d.UsdNet)));
    }

    [Fact]
    public void Detector_finding_becomes_an_anomaly_under_review_that_holds_when_high()
    {
        var finding = new AnomalyFinding("duplicate_deal", AnomalySeverity.High, "RS-0001", new Quarter(2026, 3),
            "Deal D-7 was also reported by RS-0002.", new AnomalyEvidence(2m, 1m, [], ["D-7"], 1), ["D-7"]);

        var review = AnomalyUnderReview.From(finding);

        Assert.Equal(("duplicate_deal", "high", "Deal D-7 was also reported by RS-0002."), (review.Check, review.Severity, review.Finding));
        Assert.True(review.HoldsPayout);
    }
}
