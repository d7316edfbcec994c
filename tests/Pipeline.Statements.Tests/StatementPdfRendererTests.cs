using System.Globalization;
using Pipeline.Domain.Statements;
using Pipeline.Statements.Csv;
using Pipeline.Statements.Pdf;
using Pipeline.Dev.Samples;
using Pipeline.Statements.Tests.Builders;
using Pipeline.Statements.Tests.Support;

namespace Pipeline.Statements.Tests;

public sealed class StatementPdfRendererTests
{
    [Fact]
    public void Pdf_shows_partner_quarter_tier_every_line_and_the_balance_due()
    {
        var result = TestStatements.TypicalAgency();
        var statement = TestStatements.For(result);

        var pdf = PdfText.Read(StatementPdfRenderer.Render(statement));

        Assert.Contains("Zürich Média Ünion", pdf.All, StringComparison.Ordinal);
        Assert.Contains("2026Q3", pdf.All, StringComparison.Ordinal);
        Assert.Contains("Above threshold", pdf.All, StringComparison.Ordinal);
        foreach (var line in statement.Lines)
        {
            // Each row reads "Label Description Basis Rate Amount" on one baseline.
            var row = pdf.LineStartingWith(line.Label);
            Assert.EndsWith($"{Formats.Amount(line.Basis)} {Formats.Percent(line.Rate)} {Formats.Amount(line.Amount)}", row, StringComparison.Ordinal);
        }

        Assert.Equal(11_735.40m, pdf.AmountAfter("Balance due"));
        Assert.Equal(-12_000.00m, pdf.AmountAfter("Less advance paid"));
    }

    [Fact]
    public void A_change_of_terms_since_the_previous_quarter_has_its_own_section()
    {
        var result = TestStatements.TypicalAgency();
        var statement = StatementBuilder.Build(TestStatements.InputFor(result) with
        {
            TermsChanges = ["Your registry terms changed since 2026Q2: base fee 10000.00 → 12000.00."],
        });

        var pdf = PdfText.Read(StatementPdfRenderer.Render(statement));
        var plain = PdfText.Read(StatementPdfRenderer.Render(TestStatements.For(result)));

        Assert.Contains("What changed in your terms", pdf.All, StringComparison.Ordinal);
        Assert.Contains("base fee 10000.00 → 12000.00", pdf.All, StringComparison.Ordinal);
        Assert.DoesNotContain("What changed in your terms", plain.All, StringComparison.Ordinal);
    }

    [Fact]
    public void Totals_in_the_pdf_the_csv_and_the_payout_result_agree_to_the_cent()
    {
        var result = TestStatements.TypicalReseller();
        var statement = TestStatements.For(result);

        var pdf = PdfText.Read(StatementPdfRenderer.Render(statement));
        var csv = CsvRows.Parse(StatementCsvWriter.Write(statement));
        var amountColumn = Array.IndexOf(csv[0], "amount");
        var csvTotal = csv.Skip(1).Sum(r => decimal.Parse(r[amountColumn], NumberStyles.Number | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));

        Assert.Equal(result.TotalEarned, csvTotal);
        Assert.Equal(result.TotalEarned, pdf.AmountAfter("Total earned"));
        Assert.Equal(result.BalanceDue, pdf.AmountAfter("Balance due"));
        Assert.Equal(30_483.20m, pdf.AmountAfter("Earned this quarter"));
        Assert.Equal(-1_163.75m, pdf.AmountAfter("Adjustments"));
    }

    [Fact]
    public void Statement_with_500_lines_paginates_with_the_table_header_and_page_numbers_on_every_page()
    {
        var builder = PayoutResultBuilder.Reseller().Partner("RS-0500", "Long List Trading");
        for (var i = 1; i <= 500; i++) builder.Line("band", $"Deal line {i:D3}", 1_000m + i, 0.08m);
        var statement = TestStatements.For(builder.Build());

        var pdf = PdfText.Read(StatementPdfRenderer.Render(statement));

        var pageCount = pdf.Pages.Count;
        Assert.InRange(pageCount, 8, 14); // ~14 pt a row on ~740 pt of page: one row per page would be a layout bug
        var seen = new List<(int Page, int Line)>();
        for (var p = 0; p < pageCount; p++)
        {
            var page = pdf.Pages[p];
            Assert.EndsWith($"Page {p + 1} of {pageCount}", page[^1], StringComparison.Ordinal); // footer: last line of the page
            var rows = page.Select(l => (Text: l, Index: page.ToList().IndexOf(l))).Where(l => l.Text.StartsWith("Revenue band Deal line", StringComparison.Ordinal)).ToList();
            if (rows.Count == 0) continue;
            var header = page.ToList().IndexOf("Line Description Basis (USD) Rate Amount (USD)");
            Assert.True(header >= 0 && header < rows[0].Index, $"Page {p + 1} lists lines without the table header above them.");
            seen.AddRange(rows.Select(r => (p, int.Parse(r.Text.Split(' ')[4], CultureInfo.InvariantCulture))));
            if (p > 0) Assert.True(page[0] == "Partner statement · Long List Trading (RS-0500) · 2026Q3", string.Join("\n", page.Take(3)));
        }

        Assert.Equal(Enumerable.Range(1, 500), seen.Select(s => s.Line)); // every line once, in order
        Assert.True(seen.Select(s => s.Page).Distinct().Count() >= pageCount - 1, "The line table should run across the pages.");
        Assert.Equal(statement.Totals.BalanceDue, pdf.AmountAfter("Balance due"));
    }

    [Theory]
    [InlineData("Zürich Média Ünion")]
    [InlineData("Αθηνά Μέσα Επικοινωνίας")]
    [InlineData("Москва Трейд ООО")]
    public void Partner_name_outside_ascii_is_embedded_as_extractable_text(string name)
    {
        var statement = TestStatements.For(TestStatements.TypicalAgency(name));

        var pdf = PdfText.Read(StatementPdfRenderer.Render(statement));

        Assert.Contains(name, pdf.Pages[0]);
    }

    [Fact]
    public void Rendering_the_same_statement_twice_gives_byte_identical_pdf_and_csv()
    {
        var first = StatementBuilder.Build(StatementSamples.Reseller());
        var second = StatementBuilder.Build(StatementSamples.Reseller());

        Assert.Equal(StatementPdfRenderer.Render(first), StatementPdfRenderer.Render(second));
        Assert.Equal(StatementCsvWriter.Write(first), StatementCsvWriter.Write(second));
    }

    [Fact]
    public void Pdf_is_dated_from_the_quarter_not_the_clock()
    {
        var statement = TestStatements.For(TestStatements.TypicalAgency());

        var pdf = PdfText.Read(StatementPdfRenderer.Render(statement));

        Assert.StartsWith("D:20261001000000", pdf.CreationDate, StringComparison.Ordinal);
    }

    [Fact]
    public void One_page_statement_embeds_font_subsets_and_stays_under_150_KB()
    {
        var bytes = StatementPdfRenderer.Render(StatementBuilder.Build(StatementSamples.Agency()));

        Assert.Single(PdfText.Read(bytes).Pages);
        Assert.InRange(bytes.Length, 1, 150 * 1024); // the whole DejaVu Sans pair would be ~750 KB
    }

    [Fact]
    public void Held_payout_is_announced_with_the_findings_and_held_deals()
    {
        var pdf = PdfText.Read(StatementPdfRenderer.Render(StatementBuilder.Build(StatementSamples.Reseller())));

        Assert.Contains("Payout on hold", pdf.All, StringComparison.Ordinal);
        Assert.Contains("Deal D-2231 was also reported by partner RS-0311 this quarter.", pdf.All, StringComparison.Ordinal);
        Assert.StartsWith("D-2231 9,870.00", pdf.LineStartingWith("D-2231"), StringComparison.Ordinal);
    }

    [Fact]
    public void Reseller_without_qualifying_revenue_gets_a_statement_with_a_zero_balance()
    {
        var result = PayoutResultBuilder.Reseller().Tier("none").Build();

        var pdf = PdfText.Read(StatementPdfRenderer.Render(TestStatements.For(result)));

        Assert.Contains("No line earned this quarter.", pdf.All, StringComparison.Ordinal);
        Assert.Contains("No qualifying revenue", pdf.All, StringComparison.Ordinal);
        Assert.Equal(0m, pdf.AmountAfter("Balance due"));
    }

    [Fact]
    public void Line_breaks_and_tabs_in_partner_text_print_as_spaces_in_one_line_cells()
    {
        var result = PayoutResultBuilder.Agency().Partner("AG-0009", "Tab\tand\nNewline Ltd").Line("base", "Base", 100m, 1m).Build();

        var pdf = PdfText.Read(StatementPdfRenderer.Render(TestStatements.For(result)));

        Assert.Contains("Tab and Newline Ltd", pdf.Pages[0]);
    }
}
