using System.Globalization;

namespace Pipeline.Domain;

/// <summary>A calendar quarter, written like <c>2026Q3</c>.</summary>
public readonly record struct Quarter(int Year, int Number) : IComparable<Quarter>
{
    public DateOnly Start => new(Year, (Number - 1) * 3 + 1, 1);
    public DateOnly End => Start.AddMonths(3).AddDays(-1);

    public static Quarter Of(DateOnly date) => new(date.Year, (date.Month - 1) / 3 + 1);

    public Quarter Previous() => Number == 1 ? new(Year - 1, 4) : new(Year, Number - 1);
    public Quarter Next() => Number == 4 ? new(Year + 1, 1) : new(Year, Number + 1);
    public Quarter YearEarlier() => new(Year - 1, Number);

    public bool Contains(DateOnly date) => date >= Start && date <= End;

    public static Quarter Parse(string text) =>
        TryParse(text, out var q) ? q : throw new FormatException($"'{text}' is not a quarter; expected a form like 2026Q3.");

    public static bool TryParse(string? text, out Quarter quarter)
    {
        quarter = default;
        if (text is null || text.Length != 6 || char.ToUpperInvariant(text[4]) != 'Q') return false;
        if (!int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)) return false;
        var n = text[5] - '0';
        if (n is < 1 or > 4 || year < 1900) return false;
        quarter = new Quarter(year, n);
        return true;
    }

    public int CompareTo(Quarter other) => (Year, Number).CompareTo((other.Year, other.Number));
    public static bool operator <(Quarter a, Quarter b) => a.CompareTo(b) < 0;
    public static bool operator >(Quarter a, Quarter b) => a.CompareTo(b) > 0;
    public static bool operator <=(Quarter a, Quarter b) => a.CompareTo(b) <= 0;
    public static bool operator >=(Quarter a, Quarter b) => a.CompareTo(b) >= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year}Q{Number}");
}
