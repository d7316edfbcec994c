using Pipeline.Domain.Partners;
using Pipeline.Domain.Programs;

namespace Pipeline.Domain.Close;

/// <summary>
/// What the close knows about one partner besides the lake: its earlier closes (from the ledger), the deals the anomaly
/// checks hold, finance's decisions, and the terms its earlier closed quarters were closed under.
/// </summary>
public sealed record PartnerCloseRequest
{
    public required PartnerLakeData Data { get; init; }
    public required Quarter Quarter { get; init; }
    public IReadOnlyList<ClosedPartnerQuarter> Closed { get; init; } = [];
    public IReadOnlyCollection<string> HeldDealIds { get; init; } = [];
    public IReadOnlyList<CloseDecision> Decisions { get; init; } = [];

    /// <summary>Earlier closed quarters whose lake files changed: consulted only for ledger rows without an input fingerprint.</summary>
    public IReadOnlyCollection<Quarter> ChangedQuarters { get; init; } = [];

    /// <summary>The terms each earlier closed quarter was closed under (from its manifest): a recomputation uses them,
    /// never today's program or registry. A quarter missing here is recomputed under the current terms.</summary>
    public IReadOnlyDictionary<Quarter, QuarterTerms> ClosedTerms { get; init; } = new Dictionary<Quarter, QuarterTerms>();

    /// <summary>Corrections of the partner's resolved inquiries that the close pays (those an earlier close paid, as
    /// its ledger row records, are left out).</summary>
    public IReadOnlyList<Inquiries.InquiryCorrection> Corrections { get; init; } = [];
}

/// <summary>The program and the partner's registry entry a quarter was (or is being) closed under.</summary>
public sealed record QuarterTerms(IncentiveProgram Program, Partner Partner);
