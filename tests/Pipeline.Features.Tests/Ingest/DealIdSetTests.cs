using Pipeline.Ingest;
using Xunit;

namespace Pipeline.Features.Tests.Ingest;

/// <summary>The set of deal ids a drop has seen (a duplicate within a drop is rejected): exact, whatever the ids.</summary>
public sealed class DealIdSetTests
{
    [Fact]
    public void The_deal_id_set_is_exact_for_short_long_and_non_ascii_ids()
    {
        var set = new DealIdSet();
        string[] ids = ["a", "a\u0001", "A", "D-000000000000001", "D-00000000000001", "Zürich-1", "Zürich-1 ", new string('x', 64)];
        Assert.All(ids, id => Assert.True(set.Add(id), id));
        Assert.All(ids, id => Assert.False(set.Add(id), id));
        Assert.Equal(ids.Length, set.Count);
    }

    [Fact]
    public void The_deal_id_set_finds_every_repeat_among_many_ids()
    {
        var set = new DealIdSet();
        for (var i = 0; i < 200_000; i++) Assert.True(set.Add($"D-{i}"));
        for (var i = 0; i < 200_000; i += 997) Assert.False(set.Add($"D-{i}"));
        Assert.True(set.Add("D-200000"));
        Assert.Equal(200_001, set.Count);
    }
}
