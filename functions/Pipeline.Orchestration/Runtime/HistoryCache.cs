using System.Collections.Concurrent;
using Pipeline.Orchestration.Storage;

namespace Pipeline.Orchestration.Runtime;

/// <summary>
/// Histories this worker committed last, so the next episode of a busy instance (a fan-in) reads the sentinel
/// instead of the whole partition. A cached history is used only when the sentinel's ETag still matches it.
/// </summary>
internal sealed class HistoryCache(HistoryStore store, int capacity = 1000)
{
    private readonly ConcurrentDictionary<string, HistorySnapshot> _snapshots = new(StringComparer.Ordinal);

    public async Task<HistorySnapshot> LoadAsync(string instanceId, CancellationToken cancellationToken)
    {
        if (_snapshots.TryGetValue(instanceId, out var cached) && cached.Events.Count > 20)
        {
            var etag = await store.GetSentinelETagAsync(instanceId, cancellationToken);
            if (etag == cached.ETag) return cached;
        }

        return await store.LoadAsync(instanceId, cancellationToken);
    }

    public void Set(HistorySnapshot snapshot)
    {
        if (_snapshots.Count >= capacity) _snapshots.Clear();
        _snapshots[snapshot.InstanceId] = snapshot;
    }

    public void Remove(string instanceId) => _snapshots.TryRemove(instanceId, out _);
}
