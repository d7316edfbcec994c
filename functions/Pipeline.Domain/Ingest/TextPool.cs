namespace Pipeline.Domain.Ingest;

/// <summary>
/// One string per distinct text, for columns whose values repeat (customers, products): rows held for a
/// Parquet row group then share their strings instead of each keeping a copy. Bounded: once
/// <c>capacity</c> values are held, new ones are returned unpooled, so a column of unique values costs a
/// lookup, not a table that grows with the file.
/// </summary>
public sealed class TextPool
{
    private readonly int _capacity;
    private readonly HashSet<string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public TextPool(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _capacity = capacity;
        _lookup = _values.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => _values.Count;

    public string Get(ReadOnlySpan<char> text)
    {
        if (_lookup.TryGetValue(text, out var pooled)) return pooled;
        var value = text.ToString();
        if (_values.Count < _capacity) _values.Add(value);
        return value;
    }
}
