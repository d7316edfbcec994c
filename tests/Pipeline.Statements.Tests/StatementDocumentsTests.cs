using Pipeline.Dev.Samples;
using Pipeline.Statements.Tests.Support;

namespace Pipeline.Statements.Tests;

public sealed class StatementDocumentsTests
{
    [Fact]
    public void Partner_documents_are_the_statement_pdf_and_the_lines_csv_under_the_partners_folder()
    {
        var files = StatementDocuments.ForPartner(StatementSamples.Agency());

        Assert.Equal(["2026Q3/AG-0042/statement.pdf", "2026Q3/AG-0042/lines.csv"], files.Select(f => f.BlobName));
        Assert.Equal(["application/pdf", "text/csv; charset=utf-8"], files.Select(f => f.ContentType));
        Assert.Contains("Zürich Média Ünion AG", PdfText.Read(files[0].Content).Pages[0]);
        Assert.Equal(6, CsvRows.Parse(files[1].Content).Count);
    }

    [Fact]
    public void Quarter_documents_are_the_finance_summary_pdf_and_csv()
    {
        var files = StatementDocuments.ForQuarter(StatementSamples.FinanceSummary());

        Assert.Equal(["2026Q3/finance-summary.pdf", "2026Q3/finance-summary.csv"], files.Select(f => f.BlobName));
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(files[0].Content, 0, 5), StringComparison.Ordinal);
    }
}
