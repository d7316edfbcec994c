using System.Security.Cryptography;
using System.Text;
using Pipeline.Domain;
using Pipeline.Domain.Close;
using Pipeline.Domain.Partners;
using Pipeline.Close;
using Pipeline.Azure;

namespace Pipeline.Close;

/// <summary>Loads what a close computes from: the frozen manifest's lake rows per partner, and the ledger.</summary>
public sealed class CloseInputs(LakeStateReader lake, CloseBlobStore blobs, ClosedQuarterLedger ledger)
{
    // Manifests are written once and never change, and every batch of a close reads its own and the earlier ones
    // (megabytes each at 10,000 partners): each is read once per process. Only found ones are kept.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Quarter, CloseManifest> _manifests = new();

    /// <summary>The quarter's frozen manifest, or null before the freeze.</summary>
    public async Task<CloseManifest?> ManifestAsync(Quarter quarter, CancellationToken cancellationToken)
    {
        if (_manifests.TryGetValue(quarter, out var cached)) return cached;
        var manifest = await blobs.ReadAsync<CloseManifest>(ClosePaths.Manifest(quarter), cancellationToken);
        if (manifest is not null)
        {
            if (_manifests.Count >= 16) _manifests.Clear();
            _manifests[quarter] = manifest;
        }

        return manifest;
    }

    /// <summary>The freeze's duplicated deal ids and their reporters (none before the freeze).</summary>
    public async Task<IReadOnlyDictionary<string, List<string>>> DuplicatesAsync(Quarter quarter, CancellationToken cancellationToken) =>
        await blobs.ReadAsync<Dictionary<string, List<string>>>(ClosePaths.Duplicates(quarter), cancellationToken)
        ?? new Dictionary<string, List<string>>(StringComparer.Ordinal);

    /// <summary>The current rows of the given partners, read from the manifest's files only.</summary>
    public Task<Dictionary<string, PartnerLakeData>> PartnerDataAsync(
        CloseManifest manifest, IEnumerable<Partner> partners, CancellationToken cancellationToken) =>
        PartnerDataAsync(manifest, partners, keepFiles: false, cancellationToken);

    /// <summary>The same; <paramref name="keepFiles"/>: the reader keeps the files' bytes for the next read (the freeze, for the payout batches).</summary>
    public async Task<Dictionary<string, PartnerLakeData>> PartnerDataAsync(
        CloseManifest manifest, IEnumerable<Partner> partners, bool keepFiles, CancellationToken cancellationToken)
    {
        var wanted = partners.ToDictionary(p => p.PartnerId, StringComparer.Ordinal);
        var files = wanted.Keys.SelectMany(manifest.FilesOfPartner).OrderBy(f => f.Name, StringComparer.Ordinal);
        var (deals, metrics) = await lake.ReadAsync(files, keepFiles, cancellationToken);
        var currentDeals = CurrentState.CurrentDeals(deals).GroupBy(d => d.Deal.PartnerId).ToDictionary(g => g.Key, g => g.Select(d => d.Deal).ToList(), StringComparer.Ordinal);
        var metricsBy = metrics
            .OrderBy(m => m.Reading.PartnerId, StringComparer.Ordinal).ThenBy(m => m.Reading.Date).ThenBy(m => m.Origin.Sequence).ThenBy(m => m.Origin.Line)
            .GroupBy(m => m.Reading.PartnerId).ToDictionary(g => g.Key, g => g.Select(m => m.Reading).ToList(), StringComparer.Ordinal);
        return wanted.Values.ToDictionary(
            p => p.PartnerId,
            p => new PartnerLakeData(p, currentDeals.GetValueOrDefault(p.PartnerId) ?? [], metricsBy.GetValueOrDefault(p.PartnerId) ?? []),
            StringComparer.Ordinal);
    }

    /// <summary>Quarters closed before <paramref name="quarter"/> (completed closes only).</summary>
    public async Task<IReadOnlyList<Quarter>> ClosedBeforeAsync(Quarter quarter, CancellationToken cancellationToken) =>
        [.. (await ledger.AllAsync(cancellationToken)).Select(e => Quarter.Parse(e.Quarter)).Where(q => q < quarter).Order()];

    /// <summary>Earlier closed quarters whose lake files for the partner differ from what they were closed with.</summary>
    public static IReadOnlyList<Quarter> ChangedQuarters(string partnerId, CloseManifest current, IReadOnlyDictionary<Quarter, CloseManifest> earlier)
    {
        var now = current.FilesOf(partnerId).ToHashSet(StringComparer.Ordinal);
        return [.. earlier.Where(e => !now.SetEquals(e.Value.FilesOf(partnerId))).Select(e => e.Key).Order()];
    }

    /// <summary>The partner's terms in each of the given closed quarters, as their manifests froze them.</summary>
    public static IReadOnlyDictionary<Quarter, QuarterTerms> ClosedTerms(string partnerId, IReadOnlyDictionary<Quarter, CloseManifest> manifests)
    {
        var terms = new Dictionary<Quarter, QuarterTerms>();
        foreach (var (q, m) in manifests)
        {
            if (m.TermsOf(partnerId) is { } t) terms[q] = t;
        }

        return terms;
    }

    public async Task<Dictionary<Quarter, CloseManifest>> ManifestsAsync(IEnumerable<Quarter> quarters, CancellationToken cancellationToken)
    {
        var result = new Dictionary<Quarter, CloseManifest>();
        foreach (var q in quarters)
        {
            var m = await ManifestAsync(q, cancellationToken);
            if (m is not null) result[q] = m;
        }

        return result;
    }

    /// <summary>A stable hash of the registry: partners sorted by id, every field.</summary>
    public static string RegistryHash(PartnerRegistry registry)
    {
        var text = string.Join('\n', registry.All.OrderBy(p => p.PartnerId, StringComparer.Ordinal)
            .Select(p => string.Join('\u001f', p.PartnerId, p.Name, p.Type, p.BaseFee.ToString(System.Globalization.CultureInfo.InvariantCulture),
                p.QuarterlyTarget.ToString(System.Globalization.CultureInfo.InvariantCulture), p.Joined.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), p.Status)));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
