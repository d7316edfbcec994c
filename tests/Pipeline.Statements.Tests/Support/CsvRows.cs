using System.Text;

namespace Pipeline.Statements.Tests.Support;

/// <summary>A strict RFC 4180 reader for checking our CSV: quoted fields, doubled quotes, CR/LF inside quotes.</summary>
public static class CsvRows
{
    public static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    public static List<string[]> Parse(byte[] bytes)
    {
        Assert.True(bytes.AsSpan().StartsWith(Utf8Bom), "CSV must start with a UTF-8 byte-order mark.");
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        var rows = new List<string[]>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else cell.Append(ch);
            }
            else if (ch == '"' && cell.Length == 0) quoted = true;
            else if (ch == ',') { row.Add(cell.ToString()); cell.Clear(); }
            else if (ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(cell.ToString());
                cell.Clear();
                rows.Add([.. row]);
                row.Clear();
                i++;
            }
            else if (ch is '"' or '\r' or '\n') Assert.Fail($"Unquoted special character (code {(int)ch}) at {i} breaks RFC 4180.");
            else cell.Append(ch);
        }

        Assert.False(quoted, "CSV ends inside a quoted field.");
        Assert.True(row.Count == 0 && cell.Length == 0, "CSV must end with CRLF.");
        return rows;
    }
}
