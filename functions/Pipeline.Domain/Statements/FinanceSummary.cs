namespace Pipeline.Domain.Statements;

/// <summary>Finance's one-page view of a quarter: what the program cost, against what partners brought in.</summary>
public sealed record FinanceSummary
{
    public required Quarter Quarter { get; init; }
    public required FinanceTotals Totals { get; init; }
    public required IReadOnlyList<PlanTotal> ByPlan { get; init; }
    public required IReadOnlyList<TierTotal> ByTier { get; init; }
    public required IReadOnlyList<PayoutHold> Holds { get; init; }
    public required IReadOnlyList<FinanceDecision> Decisions { get; init; }

    /// <summary>Partners' inquiries (counts, then one line each); empty when there were none.</summary>
    public IReadOnlyList<string> Inquiries { get; init; } = [];
    public required IReadOnlyList<PartnerChange> LargestChanges { get; init; }

    /// <summary>One row per partner, ordered by partner id: what the CSV lists.</summary>
    public required IReadOnlyList<PartnerSummaryRow> Partners { get; init; }
}

/// <param name="CostToRevenue">Program cost / partner revenue (4 dp); null when there was no revenue.</param>
public sealed record FinanceTotals(
    int Partners,
    decimal TotalEarned,
    decimal Advance,
    decimal BalanceDue,
    decimal PartnerRevenue,
    decimal? CostToRevenue,
    decimal AmountHeld);

public sealed record PlanTotal(
    string PlanId,
    string PlanName,
    int Partners,
    decimal TotalEarned,
    decimal Advance,
    decimal BalanceDue,
    decimal PartnerRevenue,
    decimal? CostToRevenue);

public sealed record TierTotal(string PartnerType, string Tier, string TierLabel, int Partners, decimal TotalEarned);

/// <param name="Previous">Last quarter's total; null when the partner had none (new this quarter).</param>
/// <param name="ChangeRatio">Change / previous (4 dp); null when there is no previous total to compare with.</param>
public sealed record PartnerChange(
    string PartnerId,
    string PartnerName,
    decimal? Previous,
    decimal Current,
    decimal Change,
    decimal? ChangeRatio);

public sealed record PartnerSummaryRow(
    string PartnerId,
    string PartnerName,
    string PartnerType,
    string PlanId,
    string Tier,
    decimal PartnerRevenue,
    decimal TotalEarned,
    decimal Advance,
    decimal BalanceDue,
    decimal? PreviousTotal,
    bool Held);
