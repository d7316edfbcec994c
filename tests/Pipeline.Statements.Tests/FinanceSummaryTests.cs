using Pipeline.Domain;
using Pipeline.Domain.Statements;
using Pipeline.Statements.Csv;
using Pipeline.Statements.Pdf;
using Pipeline.Dev.Samples;
using Pipeline.Statements.Tests.Builders;
using Pipeline.Statements.Tests.Support;

namespace Pipeline.Statements.Tests;

public sealed class FinanceSummaryTests
{
    private static readonly FinanceSummary Sample = FinanceSummaryBuilder.Build(StatementSamples.FinanceSummary());

    [Fact]
    public void Totals_by_plan_and_by_tier_add_up_to_the_quarter_total()
    {
        Assert.Equal(89_114.85m, Sample.Totals.TotalEarned);
        Assert.Equal(["growth-reseller", "performance-partnership"], Sample.ByPlan.Select(p => p.PlanId));
        Assert.Equal([36_519.45m, 52_595.40m], Sample.ByPlan.Select(p => p.TotalEarned));
        Assert.Equal(Sample.Totals.TotalEarned, Sample.ByTier.Sum(t => t.TotalEarned));
        Assert.Equal(2, Sample.ByTier.Single(t => t.Tier == "qualified").Partners);
        Assert.Equal(57_314.85m, Sample.Totals.BalanceDue);
    }

    [Fact]
    public void Program_cost_is_set_against_partner_revenue()
    {
        Assert.Equal(420_880.00m, Sample.Totals.PartnerRevenue); // R of both resellers plus RS-0107's eroded deals
        Assert.Equal(Money.Ratio(89_114.85m / 420_880.00m), Sample.Totals.CostToRevenue);
        Assert.Null(Sample.ByPlan.Single(p => p.PlanId == "performance-partnership").CostToRevenue); // agencies report no revenue
    }

    [Fact]
    public void Revenue_given_by_finance_replaces_the_deal_revenue()
    {
        var input = StatementSamples.FinanceSummary() with { PartnerRevenue = new Dictionary<string, decimal> { ["AG-0042"] = 100_000m } };

        var summary = FinanceSummaryBuilder.Build(input);

        Assert.Equal(520_880.00m, summary.Totals.PartnerRevenue);
    }

    [Fact]
    public void Largest_changes_come_first_whichever_the_direction_and_a_new_partner_counts_from_zero()
    {
        Assert.Equal(["RS-0107", "RS-0188", "AG-0057", "RS-0311", "AG-0042"], Sample.LargestChanges.Select(c => c.PartnerId));
        var newcomer = Sample.LargestChanges.Single(c => c.PartnerId == "RS-0188");
        Assert.Equal((null, 7_200.00m, (decimal?)null), (newcomer.Previous, newcomer.Change, newcomer.ChangeRatio));
        Assert.Equal(-0.3m, Sample.LargestChanges.Single(c => c.PartnerId == "AG-0057").ChangeRatio);
        Assert.DoesNotContain(Sample.LargestChanges, c => c.PartnerId == "AG-0061"); // unchanged
    }

    [Fact]
    public void Results_from_another_quarter_are_refused()
    {
        var input = StatementSamples.FinanceSummary();
        input = input with { Results = [.. input.Results, PayoutResultBuilder.Agency().Quarter(new Quarter(2026, 2)).Build()] };

        Assert.Throws<ArgumentException>(() => FinanceSummaryBuilder.Build(input));
    }

    [Fact]
    public void Pdf_shows_plan_totals_holds_decisions_and_changes()
    {
        var pdf = PdfText.Read(FinanceSummaryPdfRenderer.Render(Sample));

        Assert.Equal(89_114.85m, decimal.Parse(pdf.LineStartingWith("All plans").Split(' ')[4], System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture));
        Assert.StartsWith("RS-0107 Duplicate deal", pdf.LineStartingWith("RS-0107"), StringComparison.Ordinal);
        Assert.Contains("2026-10-02 14:05 RS-0311 exclude", pdf.All, StringComparison.Ordinal);
        Assert.Contains("Москва Трейд (RS-0188) new 7,200.00 7,200.00", pdf.All, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_lists_every_partner_with_plain_numbers_and_renders_identically_twice()
    {
        var bytes = FinanceSummaryCsvWriter.Write(Sample);
        var rows = CsvRows.Parse(bytes);

        Assert.Equal(7, rows.Count);
        var blueHarbor = rows.Single(r => r[1] == "AG-0057");
        Assert.Equal(["10500.00", "9000.00", "1500.00", "15000.00", "-4500.00", "no"], blueHarbor[7..]);
        Assert.Equal(bytes, FinanceSummaryCsvWriter.Write(FinanceSummaryBuilder.Build(StatementSamples.FinanceSummary())));
        Assert.Equal(FinanceSummaryPdfRenderer.Render(Sample), FinanceSummaryPdfRenderer.Render(FinanceSummaryBuilder.Build(StatementSamples.FinanceSummary())));
    }
}
