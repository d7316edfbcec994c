using Azure;
using Pipeline.Domain.Ingest;
using Pipeline.Domain.Partners;
using Pipeline.Domain.Reference;

namespace Pipeline.Storage.Ingest;

/// <summary>Finance's reference data as the pipeline reads it from the <c>config</c> container.</summary>
public sealed record ReferenceData(PartnerRegistry Partners, FxTable Fx);

/// <summary>
/// Loads the partner registry, FX rates and partner profiles from the config container, validated by the same
/// rules as <c>config import</c>. A missing or invalid registry is an error the caller reports; it is never
/// silently treated as empty.
/// </summary>
public sealed class ReferenceDataStore(StorageAccount storage)
{
    public async Task<ReferenceData> LoadAsync(CancellationToken cancellationToken = default)
    {
        var config = storage.Container(Names.Config);
        var partnersBlob = config.GetBlobClient(ReferenceDataLoader.PartnersBlob);
        PartnerRegistry registry;
        try
        {
            await using var stream = await partnersBlob.OpenReadAsync(cancellationToken: cancellationToken);
            var loaded = await ReferenceDataLoader.LoadPartnersAsync(stream, ReferenceDataLoader.PartnersBlob, cancellationToken);
            registry = loaded.Value ?? throw new InvalidOperationException($"config/{ReferenceDataLoader.PartnersBlob} is invalid: {string.Join("; ", loaded.Problems)}");
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new InvalidOperationException($"config/{ReferenceDataLoader.PartnersBlob} is missing: import the partner registry first (pipeline config import).", e);
        }

        var files = new List<(string, IReadOnlyList<FxRate>)>();
        await foreach (var item in config.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, ReferenceDataLoader.FxPrefix, cancellationToken))
        {
            await using var stream = await config.GetBlobClient(item.Name).OpenReadAsync(cancellationToken: cancellationToken);
            var rates = await ReferenceDataLoader.LoadFxRatesAsync(stream, item.Name, cancellationToken);
            files.Add((item.Name, rates.Value ?? throw new InvalidOperationException($"config/{item.Name} is invalid: {string.Join("; ", rates.Problems)}")));
        }

        var fx = ReferenceDataLoader.MergeFx(files);
        return new ReferenceData(registry, fx.Value ?? throw new InvalidOperationException($"FX rates conflict: {string.Join("; ", fx.Problems)}"));
    }

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
