using Pipeline.Domain;
using Pipeline.Domain.Deals;
using Pipeline.Domain.Metrics;
using Pipeline.Domain.Partners;
using Pipeline.Domain.Payouts;
using Pipeline.Domain.Programs;
using Pipeline.Domain.Statements;
using Pipeline.Statements.Tests.Support;

namespace Pipeline.Statements.Tests;

/// <summary>Payouts computed by the calculator under the reference program, rendered: what a close will really produce.</summary>
public sealed class CalculatedStatementTests
{
    private static readonly Quarter Q3 = new(2026, 3);
    private static readonly DateOnly InQuarter = new(2026, 8, 14);

    [Fact]
    public void Calculated_agency_payout_renders_with_every_line_and_its_totals()
    {
        var partner = new Partner("AG-7", "Zürich Média Ünion", PartnerType.Agency, 10_000m, 0m, new DateOnly(2024, 1, 15));
        var result = PayoutCalculator.Calculate(ProgramDefinitions.Reference, new PayoutInput
        {
            Partner = partner,
            Quarter = Q3,
            Metrics =
            [
                new MetricReading("AG-7", InQuarter, MetricNames.EngagementRate, 0.35m),
                new MetricReading("AG-7", InQuarter, MetricNames.ConversionRate, 0.04m),
                new MetricReading("AG-7", InQuarter, MetricNames.OnTimeRate, 0.97m),
                new MetricReading("AG-7", InQuarter, MetricNames.ResponseHours, 12m),
            ],
        });

        AssertRendersFaithfully(new StatementInput { Result = result, Partner = partner });
    }

    [Fact]
    public void Calculated_reseller_payout_renders_with_every_line_and_its_totals()
    {
        var partner = new Partner("RS-7", "Москва Трейд", PartnerType.Reseller, 0m, 100_000m, new DateOnly(2024, 1, 15));
        NormalisedDeal Deal(string id, decimal net, decimal list) =>
            new(id, "RS-7", InQuarter, "widget", 1, list, net, "USD", net, list, DealStatus.Won, null);
        var result = PayoutCalculator.Calculate(ProgramDefinitions.Reference, new PayoutInput
        {
            Partner = partner,
            Quarter = Q3,
            Deals = [Deal("D-1", 70_000m, 70_000m), Deal("D-2", 55_000m, 60_000m), Deal("D-3", 6_000m, 10_000m)],
            Metrics = [new MetricReading("RS-7", InQuarter, MetricNames.Csat, 4.4m)],
        });

        AssertRendersFaithfully(new StatementInput { Result = result, Partner = partner });
    }

    private static void AssertRendersFaithfully(StatementInput input)
    {
        var result = input.Result;
        Assert.NotEmpty(result.Lines);
        var files = StatementDocuments.ForPartner(input);
        var pdf = PdfText.Read(files[0].Content);
        var csv = CsvRows.Parse(files[1].Content);

        Assert.Contains(result.PartnerName, pdf.Pages[0]);
        foreach (var line in result.Lines)
            Assert.Contains(pdf.Lines, l => l.StartsWith(RuleLabels.For(line.RuleId), StringComparison.Ordinal)
                                            && l.EndsWith(" " + Formats.Amount(line.Amount), StringComparison.Ordinal));
        Assert.Equal(result.TotalEarned, pdf.AmountAfter("Total earned"));
        Assert.Equal(result.BalanceDue, pdf.AmountAfter("Balance due"));
        Assert.Equal(result.TotalEarned, csv.Skip(1).Sum(r => decimal.Parse(r[7], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(result.Explanation[^1], StatementBuilder.Build(input).Explanation[^1]);
    }
}
