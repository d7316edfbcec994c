using Azure;
using Pipeline.Domain.Ingest;
using Pipeline.Domain.Partners;
using Pipeline.Domain.Reference;
using Pipeline.Azure;

namespace Pipeline.Ingest;

/// <summary>Finance's reference data as the pipeline reads it from the <c>config</c> container.</summary>
public sealed record ReferenceData(PartnerRegistry Partners, FxTable Fx);

/// <summary>
/// Loads the partner registry, FX rates and partner profiles from the config container, validated by the same
/// rules as <c>config import</c>. A missing or invalid registry is an error the caller reports; it is never
/// silently treated as empty.
/// </summary>
public sealed class ReferenceDataStore(StorageAccount storage)
{
    private const int Attempts = 5;

    // What the last load read, keyed by the ETags of the blobs it came from: every drop asks for the reference data,
    // and re-reading the registry and every FX file for each one made ingestion slow at thousands of partners.
    private volatile Snapshot? _last;

    private sealed record Snapshot(string Signature, ReferenceData Data);

    /// <summary>
    /// The reference data as stored now. Costs two small requests (the registry's properties and the FX listing)
    /// when nothing changed since the last load; any changed, added or removed file reloads all of it, reading each
    /// blob at the version its ETag names so the cached copy always matches its signature.
    /// </summary>
    public async Task<ReferenceData> LoadAsync(CancellationToken cancellationToken = default) =>
        (await LoadVersionedAsync(cancellationToken)).Data;

    /// <summary>The same, with its signature (the files' names and ETags): equal signatures, equal data.</summary>
    public async Task<(ReferenceData Data, string Signature)> LoadVersionedAsync(CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (signature, partnersTag, fxFiles) = await SignatureAsync(cancellationToken);
            if (_last is { } last && last.Signature == signature) return (last.Data, signature);
            try
            {
                var data = await ReadAsync(partnersTag, fxFiles, cancellationToken);
                _last = new Snapshot(signature, data);
                return (data, signature);
            }
            catch (RequestFailedException e) when ((e.Status == 412 || e.Status == 404) && attempt < Attempts)
            {
                // A file changed between the listing and its download: list again.
            }
        }
    }

    private async Task<(string Signature, ETag PartnersTag, IReadOnlyList<(string Name, ETag Tag)> Fx)> SignatureAsync(CancellationToken cancellationToken)
    {
        var config = storage.Container(Names.Config);
        ETag partnersTag;
        try
        {
            partnersTag = (await config.GetBlobClient(ReferenceDataLoader.PartnersBlob).GetPropertiesAsync(cancellationToken: cancellationToken)).Value.ETag;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new InvalidOperationException($"config/{ReferenceDataLoader.PartnersBlob} is missing: import the partner registry first (pipeline config import).", e);
        }

        var fx = new List<(string, ETag)>();
        await foreach (var item in config.GetBlobsAsync(global::Azure.Storage.Blobs.Models.BlobTraits.None, global::Azure.Storage.Blobs.Models.BlobStates.None, ReferenceDataLoader.FxPrefix, cancellationToken))
            fx.Add((item.Name, item.Properties.ETag ?? default));
        var signature = string.Join("\n", fx.Select(f => $"{f.Item1}={f.Item2}").Prepend($"{ReferenceDataLoader.PartnersBlob}={partnersTag}"));
        return (signature, partnersTag, fx);
    }

    private async Task<ReferenceData> ReadAsync(ETag partnersTag, IReadOnlyList<(string Name, ETag Tag)> fxFiles, CancellationToken cancellationToken)
    {
        var config = storage.Container(Names.Config);
        PartnerRegistry registry;
        await using (var stream = await OpenAtAsync(config.GetBlobClient(ReferenceDataLoader.PartnersBlob), partnersTag, cancellationToken))
        {
            var loaded = await ReferenceDataLoader.LoadPartnersAsync(stream, ReferenceDataLoader.PartnersBlob, cancellationToken: cancellationToken);
            registry = loaded.Value ?? throw new InvalidOperationException($"config/{ReferenceDataLoader.PartnersBlob} is invalid: {string.Join("; ", loaded.Problems)}");
        }

        var files = new List<(string, IReadOnlyList<FxRate>)>();
        foreach (var (name, tag) in fxFiles)
        {
            await using var stream = await OpenAtAsync(config.GetBlobClient(name), tag, cancellationToken);
            var rates = await ReferenceDataLoader.LoadFxRatesAsync(stream, name, cancellationToken);
            files.Add((name, rates.Value ?? throw new InvalidOperationException($"config/{name} is invalid: {string.Join("; ", rates.Problems)}")));
        }

        var fx = ReferenceDataLoader.MergeFx(files);
        return new ReferenceData(registry, fx.Value ?? throw new InvalidOperationException($"FX rates conflict: {string.Join("; ", fx.Problems)}"));
    }

    private static Task<Stream> OpenAtAsync(global::Azure.Storage.Blobs.BlobClient blob, ETag tag, CancellationToken cancellationToken) =>
        blob.OpenReadAsync(new global::Azure.Storage.Blobs.Models.BlobOpenReadOptions(allowModifications: false)
        {
            Conditions = new global::Azure.Storage.Blobs.Models.BlobRequestConditions { IfMatch = tag },
        }, cancellationToken);

    /// <summary>The partner's profile, or null when none is configured.</summary>
    public async Task<PartnerProfile?> ProfileAsync(string partnerId, CancellationToken cancellationToken = default)
    {
        var blob = storage.Container(Names.Config).GetBlobClient(ReferenceDataLoader.ProfileBlob(partnerId));
        try
        {
            var content = await blob.DownloadContentAsync(cancellationToken);
            var profile = ReferenceDataLoader.ParseProfile(content.Value.Content.ToMemory().Span);
            return profile.Value ?? throw new InvalidOperationException($"config/{blob.Name} is invalid: {string.Join("; ", profile.Problems)}");
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }
}
