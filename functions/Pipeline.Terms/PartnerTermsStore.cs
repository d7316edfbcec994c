using System.Globalization;
using System.Text;
using Azure;
using Azure.Storage.Blobs.Models;
using Pipeline.Domain;
using Pipeline.Domain.Partners;
using Pipeline.Azure;
using Pipeline.Ingest;

namespace Pipeline.Terms;

/// <summary>One import of the partner registry: the quarter it governs from, when and by whom it was imported.</summary>
public sealed record RegistryVersion(string Name, Quarter EffectiveFrom, DateTimeOffset ImportedAt, string ImportedBy);

/// <summary>
/// Partner terms over time. Every registry import is kept (<c>config/registry/{time}.csv</c>, written once) with the
/// first quarter it governs; <c>config/partners.csv</c> is the latest import, the one ingestion checks partners against.
/// A quarter is closed under the registry in force for it: the latest import taking effect at or before it. An import
/// never takes effect in a closed quarter (those keep the terms their close froze); by default it takes effect in the
/// first quarter not closed yet.
/// </summary>
public sealed class PartnerTermsStore(StorageAccount storage, ReferenceDataStore reference, ClosedQuarterLedger ledger, TimeProvider clock)
{
    private const string Prefix = "registry/";

    // The imports as last read, by the listing's names and ETags; registries read, by name (an import never changes).
    private volatile Tuple<string, IReadOnlyList<RegistryVersion>>? _listing;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, PartnerRegistry> _registries = new(StringComparer.Ordinal);

    /// <summary>The first quarter a new import may govern: the one after the last closed quarter (null: none closed).</summary>
    public async Task<Quarter?> FirstOpenQuarterAsync(CancellationToken cancellationToken = default)
    {
        var closed = await ledger.AllAsync(cancellationToken);
        return closed.Count == 0 ? null : closed.Select(e => Quarter.Parse(e.Quarter)).Max().Next();
    }

    /// <summary>Keeps a validated registry file as a new import governing <paramref name="effectiveFrom"/> on (default:
    /// the first open quarter) and makes it the current registry.</summary>
    public async Task<RegistryVersion> ImportAsync(byte[] csv, string by, Quarter? effectiveFrom, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        var loaded = await ReferenceDataLoader.LoadPartnersAsync(new MemoryStream(csv), ReferenceDataLoader.PartnersBlob, cancellationToken: cancellationToken);
        if (loaded.Value is null) throw new InvalidDataException(string.Join("; ", loaded.Problems));
        var open = await FirstOpenQuarterAsync(cancellationToken);
        if (effectiveFrom is { } asked && open is { } first && asked < first)
            throw new InvalidOperationException(
                $"quarters up to {first.Previous()} are closed and keep the terms they were closed with; a registry change can take effect from {first} on");
        var from = effectiveFrom ?? open ?? new Quarter(2000, 1);

        var now = clock.GetUtcNow();
        var name = $"{Prefix}{now.UtcTicks:D19}.csv";
        var config = storage.Container(Names.Config);
        await config.GetBlobClient(name).UploadAsync(new BinaryData(csv), new BlobUploadOptions
        {
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            Metadata = new Dictionary<string, string>
            {
                ["effectivefrom"] = from.ToString(),
                ["importedat"] = now.ToString("O", CultureInfo.InvariantCulture),
                ["importedby"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(by)),
            },
        }, cancellationToken);
        await config.GetBlobClient(ReferenceDataLoader.PartnersBlob).UploadAsync(new BinaryData(csv), overwrite: true, cancellationToken);
        return new RegistryVersion(name, from, now, by);
    }

    /// <summary>Every import, oldest first.</summary>
    public async Task<IReadOnlyList<RegistryVersion>> ImportsAsync(CancellationToken cancellationToken = default)
    {
        var config = storage.Container(Names.Config);
        var signature = new StringBuilder();
        var names = new List<(string Name, IDictionary<string, string> Metadata)>();
        await foreach (var item in config.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, Prefix, cancellationToken))
        {
            signature.Append(item.Name).Append('=').Append(item.Properties.ETag?.ToString()).Append('\n');
            names.Add((item.Name, item.Metadata));
        }

        if (_listing is { } last && last.Item1 == signature.ToString()) return last.Item2;
        var versions = names.Select(n => new RegistryVersion(
                n.Name,
                Quarter.Parse(n.Metadata.TryGetValue("effectivefrom", out var f) ? f : "2000Q1"),
                n.Metadata.TryGetValue("importedat", out var at) ? DateTimeOffset.Parse(at, CultureInfo.InvariantCulture) : default,
                n.Metadata.TryGetValue("importedby", out var by) ? Encoding.UTF8.GetString(Convert.FromBase64String(by)) : ""))
            .OrderBy(v => v.Name, StringComparer.Ordinal).ToList();
        _listing = Tuple.Create(signature.ToString(), (IReadOnlyList<RegistryVersion>)versions);
        return versions;
    }

    /// <summary>The import governing the quarter: the latest one taking effect at or before it, else the first import
    /// (it governs the quarters before it too); null when the registry was never imported through this store.</summary>
    public async Task<RegistryVersion?> InForceAsync(Quarter quarter, CancellationToken cancellationToken = default)
    {
        var imports = await ImportsAsync(cancellationToken);
        return imports.LastOrDefault(v => v.EffectiveFrom <= quarter) ?? (imports.Count > 0 ? imports[0] : null);
    }

    /// <summary>The registry governing the quarter (the current registry when none was imported through this store).</summary>
    public async Task<PartnerRegistry> RegistryForAsync(Quarter quarter, CancellationToken cancellationToken = default) =>
        await InForceAsync(quarter, cancellationToken) is { } version
            ? await RegistryAsync(version, cancellationToken)
            : (await reference.LoadAsync(cancellationToken)).Partners;

    /// <summary>The registry of one import.</summary>
    public async Task<PartnerRegistry> RegistryAsync(RegistryVersion version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (_registries.TryGetValue(version.Name, out var kept)) return kept;
        var content = (await storage.Container(Names.Config).GetBlobClient(version.Name).DownloadContentAsync(cancellationToken)).Value.Content;
        var loaded = await ReferenceDataLoader.LoadPartnersAsync(content.ToStream(), version.Name, cancellationToken: cancellationToken);
        var registry = loaded.Value ?? throw new InvalidDataException($"config/{version.Name} is invalid: {string.Join("; ", loaded.Problems)}");
        if (_registries.Count >= 64) _registries.Clear();
        _registries[version.Name] = registry;
        return registry;
    }
}
