using System.Collections;
using System.Runtime.CompilerServices;

namespace Pipeline.Domain.Ingest;

/// <summary>
/// The values of one record in schema order, each null (absent or empty) or text. Either a string per value
/// (JSON readers, tests), or the text of all values packed in one reused char buffer: the CSV reader decodes each
/// field into it, so a million-row drop does not allocate a string per field; normalisers parse dates and
/// numbers from <see cref="Span"/> and make strings only for what they keep (ids, names) or quote (problems).
/// </summary>
[CollectionBuilder(typeof(RecordValues), nameof(Create))]
public sealed class RecordValues : IReadOnlyList<string?>
{
    private readonly string?[]? _strings;
    private readonly int[] _start = [];
    private readonly int[] _length = [];
    private char[] _chars = [];
    private int _used;

    public RecordValues(string?[] values) => _strings = values;

    /// <summary>An empty buffer for <paramref name="columns"/> values, filled by <see cref="Clear"/>, <see cref="Writable"/> and <see cref="Commit"/>.</summary>
    public RecordValues(int columns)
    {
        _start = new int[columns];
        _length = new int[columns];
        _chars = new char[256];
        Clear();
    }

    public static implicit operator RecordValues(string?[] values) => new(values);

    /// <summary>For collection expressions: <c>new RawRecord(5, ["2026-07-01", "csat", "4.5"])</c>.</summary>
    public static RecordValues Create(ReadOnlySpan<string?> values) => new(values.ToArray());

    public int Count => _strings?.Length ?? _length.Length;

    /// <summary>The value as a string (made on each call for a buffered value); null when absent.</summary>
    public string? this[int column]
    {
        get
        {
            if (_strings is { } strings) return strings[column];
            var length = _length[column];
            return length < 0 ? null : new string(_chars, _start[column], length);
        }
    }

    /// <summary>The value's text; empty when absent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<char> Span(int column)
    {
        if (_strings is { } strings) return strings[column];
        var length = _length[column];
        return length < 0 ? default : new ReadOnlySpan<char>(_chars, _start[column], length);
    }

    /// <summary>Every value absent: the start of the next record.</summary>
    public void Clear()
    {
        if (_strings is not null) throw new InvalidOperationException("Values given as strings cannot be refilled.");
        Array.Fill(_length, -1);
        _used = 0;
    }

    /// <summary>Room for a value of at most <paramref name="capacity"/> chars, to be committed with <see cref="Commit"/>.</summary>
    public Span<char> Writable(int capacity)
    {
        if (_used + capacity > _chars.Length) Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _used + capacity));
        return _chars.AsSpan(_used, capacity);
    }

    /// <summary>Keeps the <paramref name="length"/> chars just written to <see cref="Writable"/> as the value of <paramref name="column"/>.</summary>
    public void Commit(int column, int length) => Assign(column, Append(length), length);

    /// <summary>
    /// Keeps the <paramref name="length"/> chars just written to <see cref="Writable"/> without giving them to a column
    /// (a whole record decoded at once); <see cref="Assign"/> then points values into them.
    /// </summary>
    /// <returns>Where the chars start, for <see cref="Assign"/>.</returns>
    public int Append(int length)
    {
        var start = _used;
        _used += length;
        return start;
    }

    /// <summary>The value of <paramref name="column"/> is <paramref name="length"/> chars of the buffer from <paramref name="start"/>.</summary>
    public void Assign(int column, int start, int length)
    {
        _start[column] = start;
        _length[column] = length;
    }

    /// <summary>The values as strings, independent of this buffer.</summary>
    public string?[] ToArray()
    {
        var values = new string?[Count];
        for (var i = 0; i < values.Length; i++) values[i] = this[i];
        return values;
    }

    public IEnumerator<string?> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
