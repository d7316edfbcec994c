using Pipeline.Domain.Partners;

namespace Pipeline.Storage.Close;

/// <summary>A lake file a close read, and the version it read (a new version of a path is a new file name).</summary>
public sealed record ManifestFile(string Name, string PartnerId, long Sequence, string ETag, long Size);

/// <summary>
/// What a close froze: the exact lake files of the current state, the program and the registry (its hash, and the
/// partners themselves, so every activity of the close computes with the same terms even if finance edits the registry
/// while the close waits). Written once
/// (<c>closes/{quarter}/manifest.json</c>); later closes compare their current state with it to find corrections.
/// </summary>
public sealed record CloseManifest(string Quarter, string ProgramId, string ProgramVersion, string RegistryHash, IReadOnlyList<ManifestFile> Files, IReadOnlyList<Partner> Partners)
{
    // Indexes built on first use and kept beside the instance (not in it: a record's fields take part in its equality).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<CloseManifest, ILookup<string, ManifestFile>> byPartner = new();
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<CloseManifest, PartnerRegistry> registries = new();

    public PartnerRegistry Registry() => registries.GetValue(this, m => new PartnerRegistry(m.Partners));

    /// <summary>The partner's files, in manifest order (a close asks for every partner's, so they are indexed once).</summary>
    public IEnumerable<ManifestFile> FilesOfPartner(string partnerId) =>
        byPartner.GetValue(this, m => m.Files.ToLookup(f => f.PartnerId, StringComparer.Ordinal))[partnerId];

    public IEnumerable<string> FilesOf(string partnerId) => FilesOfPartner(partnerId).Select(f => f.Name);
}
