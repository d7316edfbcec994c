namespace Pipeline.Domain.Reference;

/// <summary>ISO 4217 currency codes in circulation, so a typo ("EUD") is named as such, not as a missing rate.</summary>
public static class Currencies
{
    public const string Usd = "USD";

    private static readonly HashSet<string> Codes = new(StringComparer.Ordinal)
    {
        "AED","AFN","ALL","AMD","ANG","AOA","ARS","AUD","AWG","AZN","BAM","BBD","BDT","BGN","BHD","BIF","BMD","BND","BOB","BRL",
        "BSD","BTN","BWP","BYN","BZD","CAD","CDF","CHF","CLP","CNY","COP","CRC","CUP","CVE","CZK","DJF","DKK","DOP","DZD","EGP",
        "ERN","ETB","EUR","FJD","FKP","GBP","GEL","GHS","GIP","GMD","GNF","GTQ","GYD","HKD","HNL","HTG","HUF","IDR","ILS","INR",
        "IQD","IRR","ISK","JMD","JOD","JPY","KES","KGS","KHR","KMF","KPW","KRW","KWD","KYD","KZT","LAK","LBP","LKR","LRD","LSL",
        "LYD","MAD","MDL","MGA","MKD","MMK","MNT","MOP","MRU","MUR","MVR","MWK","MXN","MYR","MZN","NAD","NGN","NIO","NOK","NPR",
        "NZD","OMR","PAB","PEN","PGK","PHP","PKR","PLN","PYG","QAR","RON","RSD","RUB","RWF","SAR","SBD","SCR","SDG","SEK","SGD",
        "SHP","SLE","SOS","SRD","SSP","STN","SVC","SYP","SZL","THB","TJS","TMT","TND","TOP","TRY","TTD","TWD","TZS","UAH","UGX",
        "USD","UYU","UZS","VES","VND","VUV","WST","XAF","XCD","XCG","XOF","XPF","YER","ZAR","ZMW","ZWG",
    };

    public static bool IsIso4217(string code) => Codes.Contains(code);

    /// <summary>
    /// The shared instance of a code (so a million rows in EUR hold one string, not a million), or null when
    /// <paramref name="code"/> is not ISO 4217.
    /// </summary>
    public static string? Canonical(string code) => Codes.TryGetValue(code, out var canonical) ? canonical : null;

    /// <summary><see cref="Canonical(string)"/> for text that is not a string yet (no allocation).</summary>
    public static string? Canonical(ReadOnlySpan<char> code) => CodesBySpan.TryGetValue(code, out var canonical) ? canonical : null;

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> CodesBySpan = Codes.GetAlternateLookup<ReadOnlySpan<char>>();
}
