using Pipeline.Domain.Anomalies.Checks;

namespace Pipeline.Domain.Anomalies;

/// <summary>
/// Who reported which deal id, gathered batch by batch over a close's partners (only deals closed in the quarter), so
/// the duplicate_deal check sees every partner without every deal row in memory at once: it keeps one entry per deal
/// id (the id string and its first reporter), plus the reporters of ids reported more than once.
/// </summary>
public sealed class DuplicateDealIndex
{
    private readonly Dictionary<string, string> _first = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<string>> _more = new(StringComparer.Ordinal);

    public void Add(string partnerId, IEnumerable<string> dealIdsInQuarter)
    {
        foreach (var id in dealIdsInQuarter)
        {
            if (_first.TryAdd(id, partnerId)) continue;
            var first = _first[id];
            if (first == partnerId) continue;
            if (!_more.TryGetValue(id, out var set)) _more[id] = set = new SortedSet<string>(StringComparer.Ordinal) { first };
            set.Add(partnerId);
        }
    }

    /// <summary>Deal ids reported by at least <see cref="DuplicateDealThresholds.MinPartners"/> partners, with their reporters sorted.</summary>
    public Dictionary<string, List<string>> Reporters(AnomalyThresholds thresholds) =>
        _more.Where(kv => kv.Value.Count >= thresholds.Of<DuplicateDealThresholds>().MinPartners)
            .ToDictionary(kv => kv.Key, kv => kv.Value.ToList(), StringComparer.Ordinal);
}
