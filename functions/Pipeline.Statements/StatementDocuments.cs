using Pipeline.Domain.Statements;
using Pipeline.Statements.Csv;
using Pipeline.Statements.Pdf;

namespace Pipeline.Statements;

/// <summary>A rendered file and the blob name it goes to in the <see cref="StatementPaths.Container"/> container.</summary>
public sealed record RenderedFile(string BlobName, string ContentType, byte[] Content);

/// <summary>
/// Everything one close writes for statements, named: the close, the CLI and tests call this instead of
/// pairing renderers with paths themselves.
/// </summary>
public static class StatementDocuments
{
    public const string PdfContentType = "application/pdf";
    public const string CsvContentType = "text/csv; charset=utf-8";

    /// <summary>A partner's statement.pdf and lines.csv.</summary>
    public static IReadOnlyList<RenderedFile> ForPartner(StatementInput input)
    {
        var statement = StatementBuilder.Build(input);
        var (quarter, partner) = (statement.Header.Quarter, statement.Header.PartnerId);
        return
        [
            new(StatementPaths.StatementPdf(quarter, partner), PdfContentType, StatementPdfRenderer.Render(statement)),
            new(StatementPaths.LinesCsv(quarter, partner), CsvContentType, StatementCsvWriter.Write(statement)),
        ];
    }

    /// <summary>The quarter's finance-summary.pdf and finance-summary.csv.</summary>
    public static IReadOnlyList<RenderedFile> ForQuarter(FinanceSummaryInput input)
    {
        var summary = FinanceSummaryBuilder.Build(input);
        return
        [
            new(StatementPaths.FinanceSummaryPdf(summary.Quarter), PdfContentType, FinanceSummaryPdfRenderer.Render(summary)),
            new(StatementPaths.FinanceSummaryCsv(summary.Quarter), CsvContentType, FinanceSummaryCsvWriter.Write(summary)),
        ];
    }
}
