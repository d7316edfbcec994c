using Pipeline.Domain.Close;
using Pipeline.Domain.Partners;
using Pipeline.Domain.Programs;

namespace Pipeline.Close;

/// <summary>A lake file a close read, and the version it read (a new version of a path is a new file name).</summary>
public sealed record ManifestFile(string Name, string PartnerId, long Sequence, string ETag, long Size);

/// <summary>
/// What a close froze: the exact lake files of the current state, the program in force for the quarter (its file, so
/// the quarter is recomputed under it whatever versions come later) and the registry (its hash, and the partners
/// themselves, so every activity of the close, and every later recomputation of the quarter, uses the same terms even if
/// finance edits the registry meanwhile). Written once
/// (<c>closes/{quarter}/manifest.json</c>); later closes compare their current state with it to find corrections.
/// </summary>
public sealed record CloseManifest(string Quarter, string ProgramId, string ProgramVersion, string RegistryHash, IReadOnlyList<ManifestFile> Files, IReadOnlyList<Partner> Partners, string? Program = null,
    IReadOnlyList<Domain.Inquiries.InquiryCorrection>? Corrections = null,
    IReadOnlyList<Domain.Inquiries.InquiryDigest>? Inquiries = null)
{
    // Indexes built on first use and kept beside the instance (not in it: a record's fields take part in its equality).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<CloseManifest, ILookup<string, ManifestFile>> byPartner = new();
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<CloseManifest, PartnerRegistry> registries = new();

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<CloseManifest, IncentiveProgram> programs = new();

    public PartnerRegistry Registry() => registries.GetValue(this, m => new PartnerRegistry(m.Partners));

    /// <summary>The program the quarter is closed under (manifests written before the program was kept name the built-in one).</summary>
    public IncentiveProgram ProgramTerms() => programs.GetValue(this, m => m.Program is { } json
        ? ProgramDefinitions.Load(json)
        : m.ProgramVersion == ProgramDefinitions.Reference.Version || m.ProgramVersion.Length == 0
            ? ProgramDefinitions.Reference
            : throw new InvalidOperationException($"The manifest of {m.Quarter} names program {m.ProgramVersion} without its file."));

    /// <summary>The terms the quarter is closed under for one partner (null when the partner was not in its registry).</summary>
    public QuarterTerms? TermsOf(string partnerId) => Registry().Find(partnerId) is { } partner ? new QuarterTerms(ProgramTerms(), partner) : null;

    /// <summary>The partner's files, in manifest order (a close asks for every partner's, so they are indexed once).</summary>
    public IEnumerable<ManifestFile> FilesOfPartner(string partnerId) =>
        byPartner.GetValue(this, m => m.Files.ToLookup(f => f.PartnerId, StringComparer.Ordinal))[partnerId];

    public IEnumerable<string> FilesOf(string partnerId) => FilesOfPartner(partnerId).Select(f => f.Name);
}
