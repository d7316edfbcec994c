using System.Globalization;
using Pipeline.Domain.Payouts;

namespace Pipeline.Domain.Statements;

/// <summary>
/// A plain account of the arithmetic, used when the calculator gave no explanation of its own, so that
/// every statement still tells the reader how its total was reached.
/// </summary>
public static class StatementExplanation
{
    public static IReadOnlyList<string> From(PayoutResult result, StatementTotals totals)
    {
        var sentences = new List<string>();
        foreach (var line in result.Lines)
        {
            var label = RuleLabels.For(line.RuleId);
            sentences.Add(line.Amount < 0
                ? Invariant($"{label}: {Usd(-line.Amount)} is taken back ({Usd(line.Basis)} × {Percent(line.Rate)}).")
                : Invariant($"{label}: {Usd(line.Basis)} × {Percent(line.Rate)} = {Usd(line.Amount)}."));
        }

        if (result.Lines.Count == 0)
            sentences.Add("No payout line applies this quarter.");
        sentences.Add(Invariant($"The lines add up to a total earned of {Usd(totals.TotalEarned)}."));
        sentences.Add(totals.Advance != 0
            ? Invariant($"An advance of {Usd(totals.Advance)} was paid at the start of the quarter, so the balance due is {Usd(totals.BalanceDue)}.")
            : Invariant($"No advance was paid, so the balance due is {Usd(totals.BalanceDue)}."));
        return sentences;
    }

    private static string Usd(decimal amount) => "USD " + amount.ToString("#,##0.00", CultureInfo.InvariantCulture);

    private static string Percent(decimal rate) => (rate * 100m).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
