using Pipeline.Domain.Statements;

namespace Pipeline.Statements.Csv;

/// <summary>
/// Finance's quarter as CSV: one row per partner, so the plan and tier totals of the PDF can be re-derived
/// with a pivot table and checked.
/// </summary>
public static class FinanceSummaryCsvWriter
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "quarter", "partner_id", "partner_name", "partner_type", "plan_id", "tier", "partner_revenue",
        "total_earned", "advance", "balance_due", "previous_total", "change", "held",
    ];

    public static byte[] Write(FinanceSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var csv = new CsvText().Row([.. Columns]);
        foreach (var p in summary.Partners)
        {
            csv.Text(summary.Quarter.ToString())
                .Text(p.PartnerId)
                .Text(p.PartnerName)
                .Text(p.PartnerType)
                .Text(p.PlanId)
                .Text(p.Tier)
                .Number(Formats.CsvAmount(p.PartnerRevenue))
                .Number(Formats.CsvAmount(p.TotalEarned))
                .Number(Formats.CsvAmount(p.Advance))
                .Number(Formats.CsvAmount(p.BalanceDue))
                .Number(p.PreviousTotal is { } prev ? Formats.CsvAmount(prev) : "")
                .Number(Formats.CsvAmount(p.TotalEarned - (p.PreviousTotal ?? 0m)))
                .Text(p.Held ? "yes" : "no")
                .EndRow();
        }

        return csv.ToBytes();
    }
}
