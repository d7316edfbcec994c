using Pipeline.Domain.Statements;

namespace Pipeline.Statements.Csv;

/// <summary>The statement's lines as CSV: one row per payout line, in the payout's order; amounts sum to the total earned.</summary>
public static class StatementCsvWriter
{
    public static readonly IReadOnlyList<string> Columns =
        ["quarter", "partner_id", "partner_name", "rule_id", "description", "basis", "rate", "amount", "formula"];

    public static byte[] Write(Statement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var h = statement.Header;
        var csv = new CsvText().Row([.. Columns]);
        foreach (var line in statement.Lines)
        {
            csv.Text(h.Quarter.ToString())
                .Text(h.PartnerId)
                .Text(h.PartnerName)
                .Text(line.RuleId)
                .Text(line.Description)
                .Number(Formats.CsvAmount(line.Basis))
                .Number(Formats.CsvRate(line.Rate))
                .Number(Formats.CsvAmount(line.Amount))
                .Text(line.Formula)
                .EndRow();
        }

        return csv.ToBytes();
    }
}
