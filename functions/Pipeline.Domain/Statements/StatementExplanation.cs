using System.Globalization;
using Pipeline.Domain.Payouts;

namespace Pipeline.Domain.Statements;

/// <summary>
/// A plain account of how the total adds up, used when the calculator gave no explanation of its own, so
/// that every statement still walks the reader from the lines to the balance due. The lines table already
/// shows basis × rate for each line, so this does not repeat them.
/// </summary>
public static class StatementExplanation
{
    public static IReadOnlyList<string> From(PayoutResult result, StatementTotals totals)
    {
        var sentences = new List<string>();
        var earning = result.Lines.Count(l => !RuleLabels.IsAdjustment(l.RuleId));
        sentences.Add(earning == 0
            ? "No payout line applies to this quarter's results."
            : Invariant($"This quarter's results earn {Usd(totals.Earnings)} across {earning} line{(earning == 1 ? "" : "s")}, each its basis × rate rounded to the cent."));
        if (totals.Adjustments != 0)
            sentences.Add(Invariant($"Clawbacks and adjustments to earlier quarters change that by {Signed(totals.Adjustments)}, for a total earned of {Usd(totals.TotalEarned)}."));
        else
            sentences.Add(Invariant($"Nothing from earlier quarters changes it, so the total earned is {Usd(totals.TotalEarned)}."));
        sentences.Add(totals.Advance != 0
            ? Invariant($"The advance of {Usd(totals.Advance)} paid at the start of the quarter is deducted, leaving a balance due of {Usd(totals.BalanceDue)}.")
            : Invariant($"No advance was paid under this plan, so the balance due is {Usd(totals.BalanceDue)}."));
        return sentences;
    }

    private static string Usd(decimal amount) => "USD " + amount.ToString("#,##0.00", CultureInfo.InvariantCulture);

    private static string Signed(decimal amount) => (amount < 0 ? "−" : "+") + Usd(Math.Abs(amount));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
