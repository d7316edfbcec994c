namespace Pipeline.Ingest;

/// <summary>
/// A read-only stream that first replays the bytes already read for sniffing, then continues with the source,
/// and refuses (with a drop rejection) to read past the file size limit. Lets the readers stream a blob once,
/// without buffering it or needing a seekable source.
/// </summary>
internal sealed class PeekableStream : Stream
{
    private readonly Stream _source;
    private readonly byte[] _prefix;
    private readonly int _prefixLength;
    private readonly long _maxBytes;
    private int _prefixPosition;
    private long _total;

    private PeekableStream(Stream source, byte[] prefix, int prefixLength, long maxBytes)
    {
        _source = source;
        _prefix = prefix;
        _prefixLength = prefixLength;
        _maxBytes = maxBytes;
        _total = prefixLength;
    }

    /// <summary>The first bytes of the file (at most the size asked for; fewer when the file is shorter).</summary>
    public ReadOnlySpan<byte> Prefix => _prefix.AsSpan(0, _prefixLength);

    /// <summary>Whether the prefix is the whole file.</summary>
    public bool PrefixIsWholeFile { get; private set; }

    public static async Task<PeekableStream> OpenAsync(Stream source, int peekBytes, long maxBytes, CancellationToken cancellationToken)
    {
        var prefix = new byte[peekBytes];
        var n = 0;
        while (n < peekBytes)
        {
            var read = await source.ReadAsync(prefix.AsMemory(n), cancellationToken);
            if (read == 0) break;
            n += read;
        }
        var stream = new PeekableStream(source, prefix, n, maxBytes) { PrefixIsWholeFile = n < peekBytes };
        stream.CheckLimit();
        return stream;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_prefixPosition < _prefixLength) return FromPrefix(buffer);
        var n = _source.Read(buffer);
        Count(n);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_prefixPosition < _prefixLength) return FromPrefix(buffer.Span);
        var n = await _source.ReadAsync(buffer, cancellationToken);
        Count(n);
        return n;
    }

    private int FromPrefix(Span<byte> buffer)
    {
        var n = Math.Min(buffer.Length, _prefixLength - _prefixPosition);
        _prefix.AsSpan(_prefixPosition, n).CopyTo(buffer);
        _prefixPosition += n;
        return n;
    }

    private void Count(int n)
    {
        _total += n;
        CheckLimit();
    }

    private void CheckLimit()
    {
        if (_total > _maxBytes)
        {
            throw DropRejectedException.Of(Domain.Ingest.DropRejection.Codes.TooLarge,
                $"The file is larger than the {Size(_maxBytes)} a drop may be; split it into several files.");
        }
    }

    internal static string Size(long bytes) => bytes >= 1024 * 1024
        ? $"{bytes / (1024.0 * 1024):0.#} MB"
        : bytes >= 1024 ? $"{bytes / 1024.0:0.#} KB" : $"{bytes} bytes";

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
