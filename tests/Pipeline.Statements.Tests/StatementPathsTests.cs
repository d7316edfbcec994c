using Pipeline.Domain;
using Pipeline.Domain.Statements;

namespace Pipeline.Statements.Tests;

public sealed class StatementPathsTests
{
    private static readonly Quarter Q3 = new(2026, 3);

    [Fact]
    public void Statements_live_in_a_folder_per_quarter_and_partner()
    {
        Assert.Equal("statements", StatementPaths.Container);
        Assert.Equal("2026Q3/AG-0042/statement.pdf", StatementPaths.StatementPdf(Q3, "AG-0042"));
        Assert.Equal("2026Q3/AG-0042/lines.csv", StatementPaths.LinesCsv(Q3, "AG-0042"));
        Assert.Equal("2026Q3/finance-summary.pdf", StatementPaths.FinanceSummaryPdf(Q3));
        Assert.Equal("2026Q3/finance-summary.csv", StatementPaths.FinanceSummaryCsv(Q3));
    }

    [Theory]
    [InlineData("AG/0042")]
    [InlineData("..")]
    [InlineData("")]
    [InlineData("a\\b")]
    public void Partner_id_that_would_escape_its_folder_is_refused(string partnerId)
    {
        Assert.ThrowsAny<ArgumentException>(() => StatementPaths.StatementPdf(Q3, partnerId));
    }
}
