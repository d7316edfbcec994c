namespace Pipeline.Domain.Close;

/// <summary>
/// What the close knows about one partner besides the lake: its earlier closes (from the ledger), the deals the anomaly
/// checks hold, finance's decisions, and which earlier closed quarters saw their input files change since they closed.
/// </summary>
public sealed record PartnerCloseRequest
{
    public required PartnerLakeData Data { get; init; }
    public required Quarter Quarter { get; init; }
    public IReadOnlyList<ClosedPartnerQuarter> Closed { get; init; } = [];
    public IReadOnlyCollection<string> HeldDealIds { get; init; } = [];
    public IReadOnlyList<CloseDecision> Decisions { get; init; } = [];
    public IReadOnlyCollection<Quarter> ChangedQuarters { get; init; } = [];
}
