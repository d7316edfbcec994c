using System.Text;

namespace Pipeline.Statements.Csv;

/// <summary>
/// RFC 4180 CSV writing with formula-injection protection. Names, ids and descriptions come from partners;
/// a cell such as <c>=HYPERLINK(...)</c> would run as a formula when finance opens the file in a
/// spreadsheet, so text cells that start with = + - @ tab or CR get a leading single quote (OWASP's
/// advice). Numbers are written by the caller as plain invariant text and never altered, so a negative
/// amount stays a number.
/// </summary>
public sealed class CsvText
{
    private static readonly UTF8Encoding Utf8WithBom = new(encoderShouldEmitUTF8Identifier: true);
    private readonly StringBuilder _text = new();
    private bool _rowStarted;

    /// <summary>Writes a text cell: neutralised, then quoted when needed.</summary>
    public CsvText Text(string? value) => Raw(Quote(Neutralise(value ?? "")));

    /// <summary>Writes a numeric cell already formatted in invariant culture; never neutralised.</summary>
    public CsvText Number(string value) => Raw(value);

    public CsvText EndRow()
    {
        // RFC 4180 ends records with CRLF.
        _text.Append("\r\n");
        _rowStarted = false;
        return this;
    }

    public CsvText Row(params string[] textCells)
    {
        foreach (var cell in textCells) Text(cell);
        return EndRow();
    }

    /// <summary>UTF-8 with a byte-order mark, so Excel reads "Zürich" as written instead of guessing a code page.</summary>
    public byte[] ToBytes() => [.. Utf8WithBom.GetPreamble(), .. Utf8WithBom.GetBytes(_text.ToString())];

    public override string ToString() => _text.ToString();

    public static string Neutralise(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

    public static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private CsvText Raw(string cell)
    {
        if (_rowStarted) _text.Append(',');
        _text.Append(cell);
        _rowStarted = true;
        return this;
    }
}
