using Pipeline.Domain.Ingest;
using OpenedDrop = (Pipeline.Ingest.PeekableStream Stream, System.Collections.Generic.IAsyncEnumerator<Pipeline.Domain.Ingest.RawRecord> Records);

namespace Pipeline.Ingest;

/// <summary>
/// The entry point for reading any drop or reference file: sniffs the format from the first bytes, then
/// streams the records in <see cref="RecordSchema"/> column order with their line numbers. File-level
/// problems surface as <see cref="DropRejectedException"/> from the enumeration (possibly late: an
/// unterminated quote is only known at the end), so a caller must treat output written so far as provisional.
/// </summary>
public static class DropReader
{
    /// <remarks>
    /// Nothing is read, checked or thrown until the first <c>MoveNextAsync</c>. The records then come straight from
    /// the format's reader: this layer hands out that reader's own <c>MoveNextAsync</c> instead of re-yielding each
    /// record through an iterator of its own (which cost ~60 ns a record, 6% of reading a 1M-row CSV).
    /// </remarks>
    public static IAsyncEnumerable<RawRecord> ReadAsync(
        Stream input, string fileName, RecordSchema schema, PartnerProfile? profile = null, IngestLimits? limits = null,
        CancellationToken cancellationToken = default) =>
        new Records(token => OpenAsync(input, fileName, schema, profile, limits, token), cancellationToken);

    private static async Task<OpenedDrop> OpenAsync(
        Stream input, string fileName, RecordSchema schema, PartnerProfile? profile, IngestLimits? limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        limits ??= IngestLimits.Default;
        limits.Validate();
        if (input.CanSeek && input.Length - input.Position > limits.MaxFileBytes)
        {
            throw DropRejectedException.Of(DropRejection.Codes.TooLarge,
                $"The file is larger than the {PeekableStream.Size(limits.MaxFileBytes)} a drop may be; split it into several files.");
        }

        var peekable = await PeekableStream.OpenAsync(input, FormatSniffer.PeekBytes, limits.MaxFileBytes, cancellationToken);
        try
        {
            var format = FormatSniffer.Detect(peekable.Prefix, peekable.PrefixIsWholeFile, fileName);
            var records = format switch
            {
                DropFormat.Csv => CsvRecordReader.ReadAsync(peekable, FormatSniffer.DetectSeparator(peekable.Prefix), schema, profile, limits, cancellationToken: cancellationToken),
                DropFormat.JsonLines => JsonLinesRecordReader.ReadAsync(peekable, schema, profile, limits, cancellationToken),
                _ => JsonArrayRecordReader.ReadAsync(peekable, schema, profile, limits, cancellationToken),
            };
            return (peekable, records.GetAsyncEnumerator(cancellationToken));
        }
        catch
        {
            await peekable.DisposeAsync();
            throw;
        }
    }

    private sealed class Records(
        Func<CancellationToken, Task<OpenedDrop>> open, CancellationToken cancellationToken)
        : IAsyncEnumerable<RawRecord>
    {
        public IAsyncEnumerator<RawRecord> GetAsyncEnumerator(CancellationToken enumeratorCancellation = default) =>
            new Enumerator(open, cancellationToken, enumeratorCancellation);

        private sealed class Enumerator(
            Func<CancellationToken, Task<OpenedDrop>> open,
            CancellationToken readCancellation, CancellationToken enumeratorCancellation) : IAsyncEnumerator<RawRecord>
        {
            private PeekableStream? _stream;
            private IAsyncEnumerator<RawRecord>? _records;
            private CancellationTokenSource? _linked;
            private bool _opened;

            public RawRecord Current => _records is { } records ? records.Current : throw new InvalidOperationException("MoveNextAsync has not returned true.");

            public ValueTask<bool> MoveNextAsync() => _records is { } records ? records.MoveNextAsync() : OpenAndMoveAsync();

            private async ValueTask<bool> OpenAndMoveAsync()
            {
                if (_opened) return false;
                _opened = true;
                // Like [EnumeratorCancellation]: the token given to ReadAsync and the one given to the enumerator both cancel.
                var token = readCancellation;
                if (enumeratorCancellation.CanBeCanceled)
                {
                    if (token.CanBeCanceled)
                    {
                        _linked = CancellationTokenSource.CreateLinkedTokenSource(token, enumeratorCancellation);
                        token = _linked.Token;
                    }
                    else
                    {
                        token = enumeratorCancellation;
                    }
                }
                var (stream, records) = await open(token);
                (_stream, _records) = (stream, records);
                return await records.MoveNextAsync();
            }

            public async ValueTask DisposeAsync()
            {
                _opened = true;
                if (_records is { } records)
                {
                    _records = null;
                    await records.DisposeAsync();
                }
                if (_stream is { } stream)
                {
                    _stream = null;
                    await stream.DisposeAsync();
                }
                _linked?.Dispose();
                _linked = null;
            }
        }
    }
}
