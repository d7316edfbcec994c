using Pipeline.Domain.Anomalies;
using Pipeline.Domain.Metrics;
using Pipeline.Domain.Partners;

namespace Pipeline.Domain.Programs;

/// <summary>
/// An incentive program as finance writes it: versioned, effective from a quarter, made of plans
/// (one per partner type) that are built from the blocks in this folder. The calculator interprets
/// the blocks; nothing about a particular plan is hard-coded.
/// </summary>
public sealed record IncentiveProgram
{
    public required string Id { get; init; }
    public required string Version { get; init; }
    public required Quarter EffectiveFrom { get; init; }

    /// <summary>Days after a quarter's end during which drops still count for it (late metrics files, last deals):
    /// the close starts after them and waits for every drop received before then.</summary>
    public int CutOffDays { get; init; }

    public const int MaxCutOffDays = 60;

    /// <summary>How fast finance answers partners' inquiries: open ones older than this are overdue in the console.</summary>
    public int InquiryResponseDays { get; init; } = 5;

    /// <summary>Who must agree before money moves: finance adjustments above a limit need a second approver.</summary>
    public ApprovalRules Approvals { get; init; } = ApprovalRules.None;

    /// <summary>The first day (UTC) a drop no longer counts for the quarter, and the first day its close may start.</summary>
    public DateOnly CutOff(Quarter quarter) => quarter.End.AddDays(1 + CutOffDays);

    /// <summary>The thresholds of the anomaly checks run at every close, one record per check.</summary>
    public required AnomalyThresholds Anomalies { get; init; }
    public required ValueList<PlanDefinition> Plans { get; init; }

    /// <summary>The plan that covers partners of this type (validation guarantees at most one).</summary>
    public PlanDefinition PlanFor(PartnerType type) =>
        Plans.FirstOrDefault(p => p.PartnerType == type)
        ?? throw new InvalidOperationException($"Program '{Id}' {Version} has no plan for {type} partners.");
}

/// <summary>
/// A plan: the blocks present decide what it pays. A scorecard with tiers pays a base (and bonuses) by tier;
/// bands pay commission on qualifying revenue. Absent blocks simply do not apply.
/// </summary>
public sealed record PlanDefinition
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required PartnerType PartnerType { get; init; }

    // Scorecard-and-tier blocks (the agency plan in the reference program).
    public Scorecard? Scorecard { get; init; }
    public ValueList<TierRule>? Tiers { get; init; }
    public PerformanceBonus? PerformanceBonus { get; init; }
    public SustainedPerformance? SustainedPerformance { get; init; }
    public ValueList<Bonus>? Bonuses { get; init; }
    public AdvanceRule? Advance { get; init; }

    // Commission blocks (the reseller plan in the reference program).
    public ValueList<Band>? Bands { get; init; }
    public ValueList<MetricGate>? Gates { get; init; }
    public GrowthUplift? GrowthUplift { get; init; }
    public FlatRateExclusion? ErodedDeals { get; init; }
    public ClawbackRule? Clawback { get; init; }

    public ValueList<NoticeRule>? Notices { get; init; }

    /// <summary>
    /// Tier ids in rank order. Band-only plans have the implicit tiers "none" and "qualified" so that
    /// notices and streaks work the same way for them.
    /// </summary>
    public IReadOnlyList<string> TierIds() =>
        Tiers is { Count: > 0 } ? [.. Tiers.Select(t => t.Id)] : [CommissionTiers.None, CommissionTiers.Qualified];
}

/// <summary>
/// The program's approval rules. <paramref name="SecondApproverAbove"/>: a finance adjustment larger than this (either
/// way, USD) is paid only once a second finance user confirms it (null: no limit). <paramref name="ApproveTotals"/>:
/// the close waits for finance to approve the quarter's totals before it publishes any statement.
/// </summary>
public sealed record ApprovalRules(decimal? SecondApproverAbove, bool ApproveTotals = false)
{
    public static readonly ApprovalRules None = new((decimal?)null);

    public bool NeedsSecondApprover(decimal amount) => SecondApproverAbove is { } limit && Math.Abs(amount) > limit;
}

/// <summary>The tiers of a plan without a tier table: a partner with qualifying deals is "qualified".</summary>
public static class CommissionTiers
{
    public const string None = "none";
    public const string Qualified = "qualified";
}
