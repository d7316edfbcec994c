using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure;
using Azure.Storage.Blobs.Models;
using Pipeline.Domain;
using Pipeline.Domain.Programs;
using Pipeline.Azure;

namespace Pipeline.Terms;

/// <summary>A program version as stored: when it takes effect, who imported it and who approved it.</summary>
/// <param name="BuiltIn">The reference program shipped with the pipeline: in force until an approved version replaces it.</param>
public sealed record ProgramVersionInfo(
    string Version, Quarter EffectiveFrom, string ImportedBy, DateTimeOffset ImportedAt, string? ApprovedBy, DateTimeOffset? ApprovedAt, bool BuiltIn)
{
    public bool Approved => BuiltIn || ApprovedBy is not null;

    public string State => BuiltIn ? "built in" : Approved ? "approved" : "waiting for a second approver";
}

/// <summary>A program import or approval that would change the terms of a closed quarter, or that breaks a rule of
/// the lifecycle (versions never change; the importer cannot approve their own version).</summary>
public sealed class ProgramConflictException(string message) : Exception(message);

/// <summary>
/// The program's versions, effective-dated data in the config container: <c>programs/{version}.json</c> (the program,
/// written once) and <c>programs/{version}.approval.json</c> (the second approver, written once). A version governs
/// quarters from its <see cref="IncentiveProgram.EffectiveFrom"/> on, once a finance user other than the one who
/// imported it approves it; the reference program shipped with the pipeline governs the quarters before the first.
/// A version cannot take effect in a closed quarter, and closes record the program they used, so a closed quarter
/// never sees a later version.
/// </summary>
public sealed partial class ProgramStore(StorageAccount storage, ClosedQuarterLedger ledger, TimeProvider clock)
{
    private const string Prefix = "programs/";
    private const string ApprovalSuffix = ".approval.json";
    private static readonly JsonSerializerOptions json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private sealed record Approval(string Version, string ApprovedBy, DateTimeOffset ApprovedAt);

    private sealed record Stored(IncentiveProgram Program, ProgramVersionInfo Info);

    private static IncentiveProgram Reference => ProgramDefinitions.Reference;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")]
    private static partial Regex VersionPattern();

    /// <summary>Validates a program file and stores it as a new version waiting for approval. The same file again is
    /// accepted as is (a retried import); another file under an existing version is refused.</summary>
    public async Task<ProgramVersionInfo> ImportAsync(string programJson, string by, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        var program = ProgramDefinitions.Load(programJson);
        if (program.Id != Reference.Id)
            throw new ProgramDefinitionException($"id: the pipeline runs the program '{Reference.Id}'; this file defines '{program.Id}'.");
        if (!VersionPattern().IsMatch(program.Version))
            throw new ProgramDefinitionException($"version: '{program.Version}' is not a version name (letters, digits, '.', '_' and '-', at most 32).");
        if (program.Version == Reference.Version)
            throw new ProgramConflictException($"Version {program.Version} is the built-in reference program; import the change under a new version.");
        await RefuseClosedAsync(program, cancellationToken);

        var canonical = ProgramDefinitions.Save(program);
        var now = clock.GetUtcNow();
        var blob = Container.GetBlobClient(ProgramBlob(program.Version));
        try
        {
            await blob.UploadAsync(BinaryData.FromString(canonical), new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                Metadata = new Dictionary<string, string> { ["importedby"] = Base64(by), ["importedat"] = now.ToString("O") },
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
            }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            var existing = await FindAsync(program.Version, cancellationToken)
                ?? throw new ProgramConflictException($"Version {program.Version} is being imported by someone else; try again.");
            if (ProgramDefinitions.Save(existing.Program) != canonical)
                throw new ProgramConflictException($"Version {program.Version} exists already with other content; a version never changes: import the change under a new version.");
            return existing.Info;
        }

        return new ProgramVersionInfo(program.Version, program.EffectiveFrom, by, now, null, null, false);
    }

    /// <summary>Records the second approval of a version: then it governs the quarters from its first on.</summary>
    public async Task<ProgramVersionInfo> ApproveAsync(string version, string by, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        var stored = await FindAsync(version, cancellationToken)
            ?? throw new KeyNotFoundException($"There is no program version '{version}' (pipeline program list shows them).");
        if (stored.Info.Approved) return stored.Info;
        if (string.Equals(stored.Info.ImportedBy, by, StringComparison.OrdinalIgnoreCase))
            throw new ProgramConflictException($"Version {version} was imported by {by}; a second finance user approves it.");
        await RefuseClosedAsync(stored.Program, cancellationToken);
        var clash = (await ListAsync(cancellationToken)).FirstOrDefault(v => !v.BuiltIn && v.Approved && v.EffectiveFrom == stored.Info.EffectiveFrom);
        if (clash is not null)
            throw new ProgramConflictException($"Version {clash.Version} already takes effect in {clash.EffectiveFrom}; one version per quarter.");

        var approval = new Approval(version, by, clock.GetUtcNow());
        try
        {
            await Container.GetBlobClient(ApprovalBlob(version)).UploadAsync(BinaryData.FromObjectAsJson(approval, json),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // Approved meanwhile: the first approval stands.
        }

        return (await FindAsync(version, cancellationToken))!.Info;
    }

    /// <summary>Every version, the built-in one first, then by the quarter they take effect in.</summary>
    public async Task<IReadOnlyList<ProgramVersionInfo>> ListAsync(CancellationToken cancellationToken = default) =>
        [BuiltInInfo, .. (await AllAsync(cancellationToken)).Select(s => s.Info).OrderBy(i => i.EffectiveFrom).ThenBy(i => i.Version, StringComparer.Ordinal)];

    /// <summary>A version's program (the built-in one included).</summary>
    public async Task<IncentiveProgram> GetAsync(string version, CancellationToken cancellationToken = default) =>
        version == Reference.Version ? Reference
        : (await FindAsync(version, cancellationToken))?.Program
          ?? throw new KeyNotFoundException($"There is no program version '{version}' (pipeline program list shows them).");

    /// <summary>The program in force for the quarter: the approved version with the latest first quarter not after it,
    /// else the built-in reference program.</summary>
    public async Task<IncentiveProgram> InForceAsync(Quarter quarter, CancellationToken cancellationToken = default)
    {
        var approved = (await AllAsync(cancellationToken)).Where(s => s.Info.Approved).Select(s => s.Program);
        return ProgramDefinitions.EffectiveFor(approved, quarter) ?? Reference;
    }

    private static ProgramVersionInfo BuiltInInfo =>
        new(Reference.Version, Reference.EffectiveFrom, "pipeline", DateTimeOffset.UnixEpoch, null, null, true);

    private global::Azure.Storage.Blobs.BlobContainerClient Container => storage.Container(Names.Config);

    private async Task RefuseClosedAsync(IncentiveProgram program, CancellationToken cancellationToken)
    {
        var closed = (await ledger.AllAsync(cancellationToken)).Select(e => Quarter.Parse(e.Quarter)).ToList();
        if (closed.Count > 0 && closed.Max() is var last && program.EffectiveFrom <= last)
            throw new ProgramConflictException(
                $"effectiveFrom {program.EffectiveFrom}: quarters up to {last} are closed and keep the terms they were closed with; a new version can take effect from {last.Next()} on.");
    }

    // The versions as last read, keyed by the listing's names and ETags: a listing is one request, a version's read two.
    private volatile Tuple<string, List<Stored>>? _last;

    /// <summary>The names and versions of the stored program files: equal signatures, equal programs and approvals.</summary>
    public async Task<string> SignatureAsync(CancellationToken cancellationToken = default) => (await ListingAsync(cancellationToken)).Signature;

    private async Task<(string Signature, List<string> Versions)> ListingAsync(CancellationToken cancellationToken)
    {
        var versions = new List<string>();
        var signature = new StringBuilder();
        await foreach (var item in Container.GetBlobsAsync(BlobTraits.None, BlobStates.None, Prefix, cancellationToken))
        {
            signature.Append(item.Name).Append('=').Append(item.Properties.ETag?.ToString()).Append('\n');
            if (item.Name.EndsWith(ApprovalSuffix, StringComparison.Ordinal) || !item.Name.EndsWith(".json", StringComparison.Ordinal)) continue;
            versions.Add(item.Name[Prefix.Length..^".json".Length]);
        }

        return (signature.ToString(), versions);
    }

    private async Task<List<Stored>> AllAsync(CancellationToken cancellationToken)
    {
        var (signature, versions) = await ListingAsync(cancellationToken);
        if (_last is { } last && last.Item1 == signature) return last.Item2;
        var found = new List<Stored>();
        foreach (var v in versions)
        {
            if (await FindAsync(v, cancellationToken) is { } s) found.Add(s);
        }

        _last = Tuple.Create(signature, found);
        return found;
    }

    private async Task<Stored?> FindAsync(string version, CancellationToken cancellationToken)
    {
        if (!VersionPattern().IsMatch(version)) return null;
        BinaryData content;
        IDictionary<string, string> metadata;
        try
        {
            var download = (await Container.GetBlobClient(ProgramBlob(version)).DownloadContentAsync(cancellationToken)).Value;
            content = download.Content;
            metadata = download.Details.Metadata;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }

        var program = ProgramDefinitions.Load(content.ToString());
        Approval? approval = null;
        try
        {
            approval = (await Container.GetBlobClient(ApprovalBlob(version)).DownloadContentAsync(cancellationToken)).Value.Content.ToObjectFromJson<Approval>(json);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }

        var importedBy = metadata.TryGetValue("importedby", out var b) ? Encoding.UTF8.GetString(Convert.FromBase64String(b)) : "";
        var importedAt = metadata.TryGetValue("importedat", out var at) ? DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture) : default;
        return new Stored(program, new ProgramVersionInfo(version, program.EffectiveFrom, importedBy, importedAt, approval?.ApprovedBy, approval?.ApprovedAt, false));
    }

    private static string ProgramBlob(string version) => $"{Prefix}{version}.json";

    private static string ApprovalBlob(string version) => $"{Prefix}{version}{ApprovalSuffix}";

    // Blob metadata is ASCII: names are kept as base64 of their UTF-8.
    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
