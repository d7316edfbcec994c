using Pipeline.Domain;
using Pipeline.Domain.Close;
using Pipeline.Domain.Programs;
using Pipeline.Close;
using Pipeline.Ingest;
using Pipeline.Terms;
using Pipeline.Azure;
using Pipeline.Inquiries;

namespace Pipeline.Close;

/// <summary>
/// A quarter computed from the lake as it stands now, without freezing or publishing anything: what the close
/// would pay today. Used by <c>simulate</c> (the economics of a program change) and <c>statements render</c>
/// (a statement for a quarter not closed yet, clearly a projection). Holds are not applied: nothing was checked.
/// </summary>
public sealed class QuarterProjection(LakeStateReader lake, CloseInputs inputs, ClosedQuarterLedger ledger, PartnerTermsStore terms, ProgramStore programs, InquiryStore inquiries)
{
    /// <summary>The quarter as its close would compute it now; <paramref name="program"/> null: the version in force for it.</summary>
    public async Task<IReadOnlyList<PartnerClose>> ComputeAsync(Quarter quarter, IncentiveProgram? program, string? partnerId = null, CancellationToken cancellationToken = default)
    {
        program ??= await programs.InForceAsync(quarter, cancellationToken);
        var registry = await terms.RegistryForAsync(quarter, cancellationToken);
        var partners = registry.All.Where(p => partnerId is null || p.PartnerId == partnerId).OrderBy(p => p.PartnerId, StringComparer.Ordinal).ToList();
        if (partnerId is not null && partners.Count == 0) throw new InvalidOperationException($"Partner '{partnerId}' is not in the partner registry.");

        var files = partnerId is null ? await lake.CurrentFilesAsync(cancellationToken) : await lake.CurrentFilesAsync(partnerId, cancellationToken);
        var manifest = new CloseManifest(quarter.ToString(), program.Id, program.Version, "", files, [.. registry.All]);
        var data = await inputs.PartnerDataAsync(manifest, partners, cancellationToken);
        var closedBefore = await inputs.ClosedBeforeAsync(quarter, cancellationToken);
        var closedSet = closedBefore.Select(q => q.ToString()).ToHashSet(StringComparer.Ordinal);
        var manifests = await inputs.ManifestsAsync(closedBefore, cancellationToken);
        var corrections = (await inquiries.CorrectionsAsync(cancellationToken))
            .Where(c => !program.Approvals.NeedsSecondApprover(c.Amount) || c.ConfirmedBy is not null).ToLookup(c => c.PartnerId, StringComparer.Ordinal);
        var results = new List<PartnerClose>();
        foreach (var partner in partners)
        {
            var closed = await ledger.PartnerHistoryAsync(partner.PartnerId, closedSet, cancellationToken);
            results.Add(PartnerCloseAssembler.Compute(program, new PartnerCloseRequest
            {
                Data = data[partner.PartnerId],
                Quarter = quarter,
                Closed = closed,
                ChangedQuarters = CloseInputs.ChangedQuarters(partner.PartnerId, manifest, manifests),
                ClosedTerms = CloseInputs.ClosedTerms(partner.PartnerId, manifests),
                Corrections = [.. corrections[partner.PartnerId]],
            }));
        }

        return results;
    }
}
