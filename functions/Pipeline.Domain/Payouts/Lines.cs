using System.Globalization;

namespace Pipeline.Domain.Payouts;

/// <summary>
/// Makes payout lines: amount = basis × rate rounded to cents (docs/program.md, "Payout lines"), the formula written out the way a
/// partner would check it, and no line at all when the basis is zero.
/// </summary>
internal static class Lines
{
    public static void Add(List<PayoutLine> lines, string ruleId, string description, decimal basis, decimal rate)
    {
        if (basis == 0m) return;
        var amount = Money.Cents(basis * rate);
        lines.Add(new PayoutLine(ruleId, description, basis, rate, amount, $"{Amount(basis)} × {Rate(rate)} = {Amount(amount)}"));
    }

    /// <summary>A line that takes money back (clawback): basis and rate as they were paid, amount negative.</summary>
    public static void AddTakeBack(List<PayoutLine> lines, string ruleId, string description, decimal basis, decimal rate)
    {
        if (basis == 0m) return;
        var amount = -Money.Cents(basis * rate);
        lines.Add(new PayoutLine(ruleId, description, basis, rate, amount, $"-({Amount(basis)} × {Rate(rate)}) = {Amount(amount)}"));
    }

    public static string Amount(decimal value) => value.ToString("#,##0.00", CultureInfo.InvariantCulture);

    /// <summary>Rates with at least two decimals and no trailing noise: 0.70, 0.1375.</summary>
    public static string Rate(decimal value) => value.ToString("0.00##", CultureInfo.InvariantCulture);

    /// <summary>Program parameters as finance wrote them, without padding: 0.9, 24, 1.5.</summary>
    public static string Number(decimal value) => value.ToString("0.##########", CultureInfo.InvariantCulture);

    /// <summary>Ratios as computed (4 dp, docs/program.md, "Quarters, money and rounding"): 1.3000.</summary>
    public static string Ratio(decimal value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    public static string Percent(decimal rate) => (rate * 100m).ToString("0.##", CultureInfo.InvariantCulture) + "%";
}
