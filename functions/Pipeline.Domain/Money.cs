namespace Pipeline.Domain;

/// <summary>The program's rounding rules, in one place.</summary>
public static class Money
{
    /// <summary>Amounts: cents, half away from zero.</summary>
    public static decimal Cents(decimal value) =>
        // An amount already in cents is returned as is (what Math.Round returns for it), without the call: ingestion
        // rounds every amount of every row.
        value.Scale <= 2 ? value : Math.Round(value, 2, MidpointRounding.AwayFromZero);

    /// <summary>Ratios (means, attainments, rates, discounts): 4 decimal places, half away from zero.</summary>
    public static decimal Ratio(decimal value) => Math.Round(value, 4, MidpointRounding.AwayFromZero);
}
