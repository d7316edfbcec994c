using System.Runtime.CompilerServices;
using Pipeline.Domain.Ingest;

namespace Pipeline.Storage.Ingest;

/// <summary>
/// The entry point for reading any drop or reference file: sniffs the format from the first bytes, then
/// streams the records in <see cref="RecordSchema"/> column order with their line numbers. File-level
/// problems surface as <see cref="DropRejectedException"/> from the enumeration (possibly late: an
/// unterminated quote is only known at the end), so a caller must treat output written so far as provisional.
/// </summary>
public static class DropReader
{
    public static async IAsyncEnumerable<RawRecord> ReadAsync(
        Stream input, string fileName, RecordSchema schema, PartnerProfile? profile = null, IngestLimits? limits = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        limits ??= IngestLimits.Default;
        limits.Validate();
        if (input.CanSeek && input.Length - input.Position > limits.MaxFileBytes)
        {
            throw DropRejectedException.Of(DropRejection.Codes.TooLarge,
                $"The file is larger than the {PeekableStream.Size(limits.MaxFileBytes)} a drop may be; split it into several files.");
        }

        await using var peekable = await PeekableStream.OpenAsync(input, FormatSniffer.PeekBytes, limits.MaxFileBytes, cancellationToken);
        var format = FormatSniffer.Detect(peekable.Prefix, peekable.PrefixIsWholeFile, fileName);
        var records = format switch
        {
            DropFormat.Csv => CsvRecordReader.ReadAsync(peekable, FormatSniffer.DetectSeparator(peekable.Prefix), schema, profile, limits, cancellationToken: cancellationToken),
            DropFormat.JsonLines => JsonLinesRecordReader.ReadAsync(peekable, schema, profile, limits, cancellationToken),
            _ => JsonArrayRecordReader.ReadAsync(peekable, schema, profile, limits, cancellationToken),
        };
        await foreach (var record in records) yield return record;
    }

    /// <summary>The format a file would be read as (for logs and the audit), or the reason it would be rejected.</summary>
    public static DropFormat DetectFormat(ReadOnlySpan<byte> firstBytes, string fileName) =>
        FormatSniffer.Detect(firstBytes, firstBytes.Length < FormatSniffer.PeekBytes, fileName);
}
