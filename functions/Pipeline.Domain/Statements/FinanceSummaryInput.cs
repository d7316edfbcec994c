using Pipeline.Domain.Payouts;

namespace Pipeline.Domain.Statements;

/// <summary>What finance's quarter summary is made from.</summary>
public sealed record FinanceSummaryInput
{
    public required Quarter Quarter { get; init; }

    /// <summary>Every partner's payout result for the quarter.</summary>
    public required IReadOnlyList<PayoutResult> Results { get; init; }

    /// <summary>Payouts held by a high-severity finding and not yet decided.</summary>
    public IReadOnlyList<PayoutHold> Holds { get; init; } = [];

    /// <summary>Finance decisions recorded this quarter (release, exclude, adjust).</summary>
    public IReadOnlyList<FinanceDecision> Decisions { get; init; } = [];

    /// <summary>Total earned per partner id in the previous quarter; a partner absent here is new.</summary>
    public IReadOnlyDictionary<string, decimal> PreviousTotals { get; init; } = new Dictionary<string, decimal>();

    /// <summary>
    /// Revenue the partner brought in, per partner id, when finance counts it otherwise (e.g. an agency's
    /// attributed revenue). Absent: the partner's qualifying deal revenue, R plus the eroded deals' net.
    /// </summary>
    public IReadOnlyDictionary<string, decimal> PartnerRevenue { get; init; } = new Dictionary<string, decimal>();

    /// <summary>Partners' inquiries the close reports (counts first, then one line each).</summary>
    public IReadOnlyList<string> Inquiries { get; init; } = [];

    /// <summary>How many partners the "largest changes" table lists.</summary>
    public int LargestChangesCount { get; init; } = 10;
}

/// <param name="Check">The anomaly check that holds the payout, e.g. "duplicate_deal".</param>
/// <param name="AmountHeld">USD not paid until the decision (the balance due, or the held deals' commission).</param>
public sealed record PayoutHold(string PartnerId, string Check, string Reason, decimal AmountHeld);

/// <param name="Decision">"release", "exclude" or "adjust".</param>
/// <param name="Adjustment">USD added (or taken, negative) by an "adjust" decision.</param>
public sealed record FinanceDecision(
    string PartnerId,
    string Decision,
    string Reason,
    string DecidedBy,
    DateTimeOffset DecidedAt,
    decimal? Adjustment = null);
