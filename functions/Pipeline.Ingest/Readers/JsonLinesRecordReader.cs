using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Unicode;
using Pipeline.Domain.Ingest;

namespace Pipeline.Ingest;

/// <summary>
/// Streams a JSON Lines file: one object per line, blank lines ignored. A line that is not valid JSON rejects
/// that row (the next line is still readable), unlike a JSON array where one syntax error loses the rest.
/// </summary>
internal static class JsonLinesRecordReader
{
    public static async IAsyncEnumerable<RawRecord> ReadAsync(
        Stream input, RecordSchema schema, PartnerProfile? profile, IngestLimits limits,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var parser = new JsonRecordParser(schema, profile);
        await foreach (var (line, bytes) in Utf8Lines.ReadAsync(input, limits, cancellationToken))
        {
            if (Parse(parser, bytes.Span, line) is { } record) yield return record;
        }
    }

    private static RawRecord? Parse(JsonRecordParser parser, ReadOnlySpan<byte> bytes, long line)
    {
        if (line == 1 && bytes.StartsWith(FormatSniffer.Utf8Bom)) bytes = bytes[3..];
        if (bytes.Trim(" \t\r"u8).IsEmpty) return null;
        if (!Utf8.IsValid(bytes)) throw FormatSniffer.NotUtf8(line);
        try
        {
            return parser.Parse(bytes, line);
        }
        catch (JsonException e)
        {
            return new RawRecord(line, new string?[parser.ColumnCount], RowProblem.Of("(row)", System.Text.Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, 200)]),
                "invalid_json", $"this line is not valid JSON ({FirstSentence(e.Message)})"));
        }
    }

    internal static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }
}
