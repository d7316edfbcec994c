using System.Globalization;

namespace Pipeline.Statements;

/// <summary>
/// How figures print. The PDF is read by people (thousands separators, percentages); the CSV is read by
/// spreadsheets (plain invariant numbers). Both are invariant culture so a server's locale never leaks in.
/// </summary>
public static class Formats
{
    /// <summary>12345.6 → "12,345.60"; −12.5 → "-12.50".</summary>
    public static string Amount(decimal amount) => amount.ToString("#,##0.00", CultureInfo.InvariantCulture);

    /// <summary>0.08 → "8%"; 0.1375 → "13.75%".</summary>
    public static string Percent(decimal rate) => (rate * 100m).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    /// <summary>Attainments and ratios: 1.1234 → "1.1234".</summary>
    public static string Ratio(decimal value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    public static string Number(decimal value) => value.ToString("#,##0.####", CultureInfo.InvariantCulture);

    public static string Date(DateOnly date) => date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    public static string DateTime(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>CSV money: plain, two decimals, minus sign kept, no separators.</summary>
    public static string CsvAmount(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>CSV rates: plain fraction with up to 4 decimals (the program's rate precision).</summary>
    public static string CsvRate(decimal rate) => rate.ToString("0.0###", CultureInfo.InvariantCulture);
}
