using System.Text.Unicode;
using Pipeline.Domain.Ingest;

namespace Pipeline.Ingest;

/// <summary>
/// Decides from the first bytes of a file what it is: refuses what is not UTF-8 text (archives, spreadsheets,
/// UTF-16, binary) with a reason the partner can act on, then tells CSV from JSON by content, and detects the
/// CSV separator from the header line. The extension only breaks the tie between JSON Lines and a JSON array.
/// </summary>
public static class FormatSniffer
{
    /// <summary>How much of the file is looked at.</summary>
    public const int PeekBytes = 64 * 1024;

    private static readonly (byte[] Magic, string What)[] Signatures =
    [
        ([0x1F, 0x8B], "compressed with gzip"),
        ([0x50, 0x4B, 0x03, 0x04], "a ZIP archive (or an Excel .xlsx workbook)"),
        ([0x42, 0x5A, 0x68], "compressed with bzip2"),
        ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], "compressed with xz"),
        ([0x28, 0xB5, 0x2F, 0xFD], "compressed with zstd"),
        ([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C], "a 7-Zip archive"),
        ([0x52, 0x61, 0x72, 0x21], "a RAR archive"),
        ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "an old Excel .xls workbook"),
        ("%PDF"u8.ToArray(), "a PDF document"),
        ("PAR1"u8.ToArray(), "a Parquet file"),
    ];

    /// <summary>The format of the file, or a drop rejection explaining why it cannot be read.</summary>
    public static DropFormat Detect(ReadOnlySpan<byte> prefix, bool prefixIsWholeFile, string fileName)
    {
        if (prefix.IsEmpty)
        {
            throw DropRejectedException.Of(DropRejection.Codes.Empty, "The file is empty.");
        }
        foreach (var (magic, what) in Signatures)
        {
            if (prefix.StartsWith(magic))
            {
                var code = what.StartsWith("compressed", StringComparison.Ordinal) || what.Contains("archive", StringComparison.Ordinal)
                    ? DropRejection.Codes.Compressed : DropRejection.Codes.Binary;
                throw DropRejectedException.Of(code, $"The file is {what}, not a text file; send the data itself as CSV (UTF-8) or JSON.");
            }
        }
        if (prefix.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || prefix.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            throw DropRejectedException.Of(DropRejection.Codes.Encoding,
                "The file is encoded as UTF-16 (\"Unicode text\"); save it as CSV UTF-8 and send it again.");
        }

        var text = prefix.StartsWith(Utf8Bom) ? prefix[3..] : prefix;
        var nul = text.IndexOf((byte)0);
        if (nul >= 0)
        {
            throw DropRejectedException.Of(DropRejection.Codes.Binary,
                "The file contains binary data (NUL bytes), not text; send it as CSV (UTF-8) or JSON.", LineOf(text, nul));
        }
        CheckUtf8(text, prefixIsWholeFile);

        var first = FirstNonWhitespace(text);
        if (first < 0)
        {
            throw DropRejectedException.Of(DropRejection.Codes.NoHeader, "The file holds only blank lines: there is no header and no data.");
        }
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        return text[first] switch
        {
            (byte)'[' => DropFormat.JsonArray,
            (byte)'{' => DropFormat.JsonLines,
            _ when extension is ".json" or ".jsonl" or ".ndjson" => throw DropRejectedException.Of(DropRejection.Codes.InvalidJson,
                $"The file is named {extension} but does not start with '[' or '{{', so it is not JSON."),
            _ => DropFormat.Csv,
        };
    }

    /// <summary>
    /// The separator of a CSV file: whichever of ',', ';' and tab occurs most often outside quotes in the
    /// header line (a comma when none does, as in a one-column file).
    /// </summary>
    public static byte DetectSeparator(ReadOnlySpan<byte> prefix)
    {
        var text = prefix.StartsWith(Utf8Bom) ? prefix[3..] : prefix;
        int comma = 0, semicolon = 0, tab = 0;
        var quoted = false;
        foreach (var b in text)
        {
            if (b == '"') quoted = !quoted;
            else if (!quoted && b is (byte)'\n' or (byte)'\r') break;
            else if (!quoted && b == ',') comma++;
            else if (!quoted && b == ';') semicolon++;
            else if (!quoted && b == '\t') tab++;
        }
        if (tab > comma && tab >= semicolon) return (byte)'\t';
        if (semicolon > comma) return (byte)';';
        return (byte)',';
    }

    internal static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private static void CheckUtf8(ReadOnlySpan<byte> text, bool complete)
    {
        if (Utf8.IsValid(text)) return;
        // The prefix may end in the middle of a character: only the last 3 bytes may be an incomplete sequence.
        var status = System.Text.Unicode.Utf8.ToUtf16(text, new char[text.Length], out var read, out _, replaceInvalidSequences: false, isFinalBlock: complete);
        if (status == System.Buffers.OperationStatus.NeedMoreData) return;
        throw NotUtf8(LineOf(text, read));
    }

    internal static DropRejectedException NotUtf8(long line) => DropRejectedException.Of(DropRejection.Codes.Encoding,
        $"The file is not valid UTF-8 text (first bad character on line {line}); it may be saved as ANSI/Latin-1 or be binary. Save it as CSV UTF-8 and send it again.",
        line);

    private static long LineOf(ReadOnlySpan<byte> text, int offset) => text[..offset].Count((byte)'\n') + 1;

    private static int FirstNonWhitespace(ReadOnlySpan<byte> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return i;
        }
        return -1;
    }
}
