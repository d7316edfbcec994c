using System.Globalization;
using System.Text;

namespace Pipeline.Azure;

/// <summary>
/// Table keys may not contain '/', '\', '#', '?' or control characters. Partner-controlled text (blob paths) is
/// escaped reversibly as ':XX' (hex UTF-8 bytes), keeping keys readable and their sort order close to the text's.
/// </summary>
public static class TableKeys
{
    public static string Encode(string text)
    {
        var sb = new StringBuilder(text.Length);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            var c = rune.Value;
            if (c is '/' or '\\' or '#' or '?' or ':' or '%' or '\'' || c < 0x20 || c is >= 0x7f and <= 0x9f)
            {
                var n = rune.EncodeToUtf8(bytes);
                foreach (var b in bytes[..n]) sb.Append(':').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(rune.ToString());
            }
        }

        return sb.ToString();
    }
}
