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
    public PartnerRegistry Registry() => new(Partners);

    public IEnumerable<string> FilesOf(string partnerId) => Files.Where(f => f.PartnerId == partnerId).Select(f => f.Name);
}
