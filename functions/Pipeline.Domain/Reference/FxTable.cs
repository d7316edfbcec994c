using System.Runtime.CompilerServices;

namespace Pipeline.Domain.Reference;

/// <summary>One published rate: how many US dollars one unit of the currency was worth on a date.</summary>
public sealed record FxRate(DateOnly Date, string Currency, decimal UsdPerUnit);

/// <summary>
/// FX rates by currency. A deal converts at the rate of its close date, or the latest earlier one; USD is always 1
/// and needs no rows.
/// </summary>
public sealed class FxTable
{
    private readonly Dictionary<string, (DateOnly[] Dates, decimal[] Rates)> _byCurrency;

    public FxTable(IEnumerable<FxRate> rates)
    {
        _byCurrency = rates
            .Where(r => r.Currency != Currencies.Usd)
            .GroupBy(r => r.Currency, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g =>
            {
                var sorted = g.OrderBy(r => r.Date).ToArray();
                return (sorted.Select(r => r.Date).ToArray(), sorted.Select(r => r.UsdPerUnit).ToArray());
            }, StringComparer.Ordinal);
    }

    public static readonly FxTable Empty = new([]);

    /// <summary>The rate in force on <paramref name="date"/>, or null when the table has none on or before it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public decimal? RateOn(string currency, DateOnly date)
    {
        if (currency == Currencies.Usd) return 1m;
        if (!_byCurrency.TryGetValue(currency, out var series)) return null;
        var i = Array.BinarySearch(series.Dates, date);
        if (i < 0) i = ~i - 1;   // the latest earlier date
        return i >= 0 ? series.Rates[i] : null;
    }
}
