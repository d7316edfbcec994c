using System.Globalization;
using System.Runtime.CompilerServices;

namespace Pipeline.Domain.Ingest;

/// <summary>
/// Reads dates and numbers as partners write them: ISO dates (yyyy-MM-dd) or the profile's format, and
/// plain decimals with the profile's decimal separator. Exponents, currency symbols and thousands
/// separators in '.'-files are refused: "1,234" could mean either 1234 or 1.234, and a payout must not guess.
/// </summary>
public sealed class FieldParser
{
    private const NumberStyles DecimalStyle =
        NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite | NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;

    private static readonly NumberFormatInfo CommaDecimal = new() { NumberDecimalSeparator = ",", NegativeSign = "-", PositiveSign = "+" };

    private readonly string? _dateFormat;
    private readonly char _decimalSeparator;

    public FieldParser(PartnerProfile? profile)
    {
        profile ??= PartnerProfile.Default;
        _dateFormat = profile.DateFormat;
        _decimalSeparator = profile.DecimalSeparator;
    }

    public char DecimalSeparator => _decimalSeparator;

    /// <summary>How a date should be written, for messages.</summary>
    public string DateHint => _dateFormat is null ? "YYYY-MM-DD" : $"YYYY-MM-DD or {_dateFormat}";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryDate(ReadOnlySpan<char> text, out DateOnly date)
    {
        var span = text.Trim();
        if (TryIsoDate(span, out date)) return true;
        if (DateOnly.TryParseExact(span, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)) return true;
        return _dateFormat is not null
            && DateOnly.TryParseExact(span, _dateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    /// <summary>
    /// yyyy-MM-dd by hand: the common case, three times faster than TryParseExact (it runs on every row of
    /// every drop). Anything unusual falls through to TryParseExact, which has the final word.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryIsoDate(ReadOnlySpan<char> s, out DateOnly date)
    {
        date = default;
        if (s.Length != 10 || s[4] != '-' || s[7] != '-') return false;
        var year = Digits(s[..4]);
        var month = Digits(s.Slice(5, 2));
        var day = Digits(s.Slice(8, 2));
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        date = new DateOnly(year, month, day);
        return true;
    }

    private static int Digits(ReadOnlySpan<char> s)
    {
        var n = 0;
        foreach (var c in s)
        {
            if (c is < '0' or > '9') return -1;
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /// <summary>Whether the text has the shape of an ISO date but names a day that does not exist (2026-02-30).</summary>
    public static bool LooksLikeIsoDate(ReadOnlySpan<char> text)
    {
        var s = text.Trim();
        return s.Length == 10 && s[4] == '-' && s[7] == '-'
            && int.TryParse(s[..4], NumberStyles.None, CultureInfo.InvariantCulture, out _)
            && int.TryParse(s.Slice(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out _)
            && int.TryParse(s.Slice(8, 2), NumberStyles.None, CultureInfo.InvariantCulture, out _);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryDecimal(ReadOnlySpan<char> text, out decimal value)
    {
        var span = text.Trim();
        if (_decimalSeparator == '.')
        {
            return TryPlainDecimal(span, out value) || decimal.TryParse(span, DecimalStyle, CultureInfo.InvariantCulture, out value);
        }
        // ',' decimals may group thousands with '.', but only in groups of three ("1.234,5").
        if (span.Contains('.'))
        {
            if (!ValidDotGrouping(span)) { value = 0; return false; }
            Span<char> buffer = stackalloc char[span.Length];
            var n = 0;
            foreach (var c in span) if (c != '.') buffer[n++] = c;
            return decimal.TryParse(buffer[..n], DecimalStyle, CommaDecimal, out value);
        }
        return decimal.TryParse(span, DecimalStyle, CommaDecimal, out value);
    }

    /// <summary>
    /// The common shape of an amount, digits with an optional '.' and fraction ("2314.87"), read without the
    /// general parser: the same decimal (digits and scale) that decimal.TryParse gives, in a fraction of the time
    /// (two amounts on every deal row). Anything else (a sign, exponent, more than 18 digits) is left to
    /// decimal.TryParse, which has the final word.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryPlainDecimal(ReadOnlySpan<char> s, out decimal value)
    {
        value = 0;
        ulong mantissa = 0;
        var digits = 0;
        var scale = -1;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c is >= '0' and <= '9')
            {
                if (++digits > 18) return false;
                mantissa = mantissa * 10 + (uint)(c - '0');
                if (scale >= 0) scale++;
            }
            else if (c == '.' && scale < 0 && i > 0)
            {
                scale = 0;
            }
            else
            {
                return false;
            }
        }
        if (digits == 0) return false;
        value = new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), 0, false, (byte)Math.Max(scale, 0));
        return true;
    }

    public static bool TryInteger(ReadOnlySpan<char> text, out long value) =>
        long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite,
            CultureInfo.InvariantCulture, out value);

    private static bool ValidDotGrouping(ReadOnlySpan<char> s)
    {
        var comma = s.IndexOf(',');
        var integer = comma < 0 ? s : s[..comma];
        if (integer.Length > 0 && integer[0] is '-' or '+') integer = integer[1..];
        var groups = integer.ToString().Split('.');
        if (groups[0].Length is < 1 or > 3) return false;
        return groups.Skip(1).All(g => g.Length == 3);
    }
}
