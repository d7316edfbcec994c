using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Unicode;
using Pipeline.Domain.Ingest;

namespace Pipeline.Ingest;

/// <summary>
/// Streams the items of a JSON array file (<c>[{...}, {...}]</c>) with <see cref="Utf8JsonReader"/> over a
/// buffer that holds at most one item beyond what is already scanned, so a file of any length is read in
/// bounded memory. A syntax error rejects the drop: after it there is no reliable place to resume.
/// </summary>
internal static class JsonArrayRecordReader
{
    public static async IAsyncEnumerable<RawRecord> ReadAsync(
        Stream input, RecordSchema schema, PartnerProfile? profile, IngestLimits limits,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var scanner = new Scanner(new JsonRecordParser(schema, profile), limits);
        var batch = new List<RawRecord>();
        while (true)
        {
            scanner.Scan(batch);
            foreach (var record in batch) yield return record;
            batch.Clear();
            if (scanner.Done) yield break;
            await scanner.FillAsync(input, cancellationToken);
        }
    }

    private sealed class Scanner(JsonRecordParser parser, IngestLimits limits)
    {
        private byte[] _buffer = new byte[64 * 1024];
        private int _length;
        private bool _final;
        private bool _started;
        private JsonReaderState _state;
        // Line bookkeeping: _line is the line of _buffer[_countedTo].
        private long _line = 1;
        private int _countedTo;

        public bool Done { get; private set; }

        /// <summary>Reads every item that is complete in the buffer; stops at the first incomplete one.</summary>
        public void Scan(List<RawRecord> batch)
        {
            // Utf8JsonReader does not skip a byte order mark; Notepad and Excel write one.
            if (!_started && _countedTo == 0 && _buffer.AsSpan(0, _length).StartsWith(FormatSniffer.Utf8Bom)) Compact(3);
            var reader = new Utf8JsonReader(_buffer.AsSpan(0, _length), _final, _state);
            var consumed = 0;
            try
            {
                while (true)
                {
                    var before = reader.CurrentState;
                    var beforePosition = (int)reader.BytesConsumed;
                    if (!reader.Read())
                    {
                        if (_final && _started) Done = true;
                        _state = before;
                        consumed = beforePosition;
                        break;
                    }
                    if (!_started)
                    {
                        if (reader.TokenType != JsonTokenType.StartArray)
                        {
                            throw DropRejectedException.Of(DropRejection.Codes.InvalidJson,
                                "The file starts like JSON but is not a JSON array of records; send an array [{...}, {...}] or one object per line (JSON Lines).", 1);
                        }
                        _started = true;
                        continue;
                    }
                    if (reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == 0) continue;

                    var start = (int)reader.TokenStartIndex;
                    if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.TrySkip())
                    {
                        _state = before;
                        consumed = beforePosition;
                        break;
                    }
                    var end = (int)reader.BytesConsumed;
                    var item = _buffer.AsSpan(start, end - start);
                    var line = LineAt(start);
                    if (item.Length > limits.MaxRecordBytes) throw TooLong(line);
                    if (!Utf8.IsValid(item)) throw FormatSniffer.NotUtf8(line);
                    batch.Add(parser.Parse(item, line));
                }
            }
            catch (JsonException e)
            {
                var line = e.LineNumber is { } l ? l + 1 : LineAt(consumed);
                throw new DropRejectedException(new DropRejection(DropRejection.Codes.InvalidJson,
                    $"The file is not valid JSON at line {line} ({JsonLinesRecordReader.FirstSentence(e.Message)}); nothing in it was accepted.", line), e);
            }
            Compact(consumed);
        }

        public async Task FillAsync(Stream input, CancellationToken cancellationToken)
        {
            if (_length == _buffer.Length)
            {
                if (_length > limits.MaxRecordBytes) throw TooLong(_line);
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }
            var read = await input.ReadAsync(_buffer.AsMemory(_length), cancellationToken);
            if (read == 0) _final = true;
            _length += read;
        }

        private long LineAt(int offset)
        {
            _line += _buffer.AsSpan(_countedTo, offset - _countedTo).Count((byte)'\n');
            _countedTo = offset;
            return _line;
        }

        private void Compact(int consumed)
        {
            LineAt(consumed);
            _buffer.AsSpan(consumed, _length - consumed).CopyTo(_buffer);
            _length -= consumed;
            _countedTo = 0;
        }

        private DropRejectedException TooLong(long line) => DropRejectedException.Of(DropRejection.Codes.LineTooLong,
            $"The JSON record starting on line {line} is longer than {PeekableStream.Size(limits.MaxRecordBytes)}, the longest record a drop may have.", line);
    }
}
