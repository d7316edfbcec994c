namespace Pipeline.Ingest;

/// <summary>
/// One string per distinct text, for columns whose values repeat (customers, products): rows held for a
/// Parquet row group then share their strings instead of each keeping a copy. Bounded: once
/// <c>capacity</c> values are held, new ones are returned unpooled, so a column of unique values never costs a
/// table that grows with the file; and when most lookups of a full pool miss, it stops looking (a lookup that
/// misses costs as much as the string).
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

    private const int Window = 4096;
    private int _lookupsWhileFull;
    private int _hitsWhileFull;
    private bool _bypass;

    public string Get(ReadOnlySpan<char> text)
    {
        if (_bypass) return text.ToString();
        var full = _values.Count >= _capacity;
        if (_lookup.TryGetValue(text, out var pooled))
        {
            if (full) Tally(hit: true);
            return pooled;
        }
        var value = text.ToString();
        if (full) Tally(hit: false);
        else _values.Add(value);
        return value;
    }

    private void Tally(bool hit)
    {
        if (hit) _hitsWhileFull++;
        if (++_lookupsWhileFull < Window) return;
        _bypass = _hitsWhileFull < Window / 2;
        _lookupsWhileFull = _hitsWhileFull = 0;
    }
}
