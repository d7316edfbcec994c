using System.Runtime.CompilerServices;
using Pipeline.Domain.Ingest;

namespace Pipeline.Ingest;

/// <summary>Splits a UTF-8 stream into lines (LF or CRLF) with their 1-based numbers, holding one line at a time.</summary>
internal static class Utf8Lines
{
    public static async IAsyncEnumerable<(long Line, ReadOnlyMemory<byte> Bytes)> ReadAsync(
        Stream input, IngestLimits limits, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var buffer = new byte[64 * 1024];
        int start = 0, end = 0;
        long line = 0;
        var eof = false;
        while (true)
        {
            var newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line++;
                var length = newline;
                if (length > 0 && buffer[start + length - 1] == '\r') length--;
                if (length > limits.MaxRecordBytes) throw TooLong(line, limits);
                yield return (line, buffer.AsMemory(start, length));
                start += newline + 1;
                continue;
            }
            if (eof)
            {
                if (end > start)
                {
                    line++;
                    yield return (line, buffer.AsMemory(start, end - start));
                }
                yield break;
            }
            // Need more input: keep the partial line at the start of the buffer, grow it for long lines.
            if (end - start > limits.MaxRecordBytes) throw TooLong(line + 1, limits);
            if (start > 0)
            {
                buffer.AsSpan(start, end - start).CopyTo(buffer);
                end -= start;
                start = 0;
            }
            if (end == buffer.Length) Array.Resize(ref buffer, Math.Min(buffer.Length * 2, limits.MaxRecordBytes + 2));
            var read = await input.ReadAsync(buffer.AsMemory(end), cancellationToken);
            if (read == 0) eof = true;
            end += read;
        }
    }

    private static DropRejectedException TooLong(long line, IngestLimits limits) => DropRejectedException.Of(DropRejection.Codes.LineTooLong,
        $"Line {line} is longer than {PeekableStream.Size(limits.MaxRecordBytes)}, the longest record a drop may have.", line);
}
