using System.Collections;

namespace Pipeline.Domain.Programs;

/// <summary>
/// An immutable list compared by its items, so that program records (which hold lists) are equal
/// when their content is: "load, save, load gives the same program" is then a plain equality.
/// </summary>
public sealed class ValueList<T> : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    private readonly T[] items;

    public ValueList(IEnumerable<T> items) => this.items = [.. items];

    public T this[int index] => items[index];
    public int Count => items.Length;

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)items).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => items.GetEnumerator();

    public bool Equals(ValueList<T>? other) =>
        other is not null && items.AsSpan().SequenceEqual(other.items, EqualityComparer<T>.Default);

    public override bool Equals(object? obj) => obj is ValueList<T> other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in items) hash.Add(item);
        return hash.ToHashCode();
    }
}

public static class ValueList
{
    public static ValueList<T> Of<T>(params IEnumerable<T> items) => new(items);

    public static ValueList<T> Empty<T>() => new([]);
}
