using System.Text;

namespace Pipeline.Domain.Ingest;

/// <summary>How a value from a partner's file is quoted back in a message or report.</summary>
public static class DisplayValue
{
    /// <summary>Values longer than this are cut, so a report stays readable whatever the file holds.</summary>
    public const int MaxLength = 80;

    /// <summary>
    /// Cuts <paramref name="value"/> to <see cref="MaxLength"/> characters without splitting a surrogate pair,
    /// and replaces control characters (line breaks, NUL) with spaces so the value stays on one line.
    /// </summary>
    public static string Truncate(string? value)
    {
        if (string.IsNullOrEmpty(value)) return string.Empty;
        var cut = value.Length > MaxLength;
        var length = cut ? MaxLength : value.Length;
        if (cut && char.IsHighSurrogate(value[length - 1])) length--;
        var span = value.AsSpan(0, length);
        if (!cut && !span.ContainsAnyInRange('\0', '\u001f')) return value;
        var sb = new StringBuilder(length + 1);
        foreach (var c in span) sb.Append(c < ' ' ? ' ' : c);
        if (cut) sb.Append('…');
        return sb.ToString();
    }
}
