namespace Pipeline.Domain.Payouts;

/// <summary>
/// The outcome of one partner's quarter under a program: every figure a statement shows and a
/// finance user checks. Produced by the calculator, consumed by statements, the lake and the close.
/// </summary>
public sealed record PayoutResult
{
    public required string PartnerId { get; init; }
    public required string PartnerName { get; init; }
    /// <summary><see cref="Partners.PartnerTypes.Agency"/> or <see cref="Partners.PartnerTypes.Reseller"/>.</summary>
    public required string PartnerType { get; init; }
    /// <summary>Plan id from the program, e.g. "performance-partnership".</summary>
    public required string PlanId { get; init; }
    public required string ProgramVersion { get; init; }
    public required Quarter Quarter { get; init; }

    /// <summary>Tier reached: "below", "at", "above" (agency); "qualified" (reseller with revenue), "none".</summary>
    public required string Tier { get; init; }

    /// <summary>What was measured: each metric against its threshold, or revenue against target.</summary>
    public IReadOnlyList<ScorecardEntry> Scorecard { get; init; } = [];

    /// <summary>Composite attainment A (agency), or R / T (reseller); 4 dp.</summary>
    public decimal Attainment { get; init; }

    /// <summary>Reseller: qualifying revenue R (USD, excluding eroded deals). Agency: 0.</summary>
    public decimal Revenue { get; init; }

    /// <summary>Reseller: band lines / R, 4 dp (0 when R = 0). Recorded for clawbacks.</summary>
    public decimal EffectiveRate { get; init; }

    /// <summary>
    /// Reseller: USD net of the eroded deals, paid at the flat rate and left out of <see cref="Revenue"/>. Agency: 0.
    /// </summary>
    public decimal ErodedRevenue { get; init; }

    /// <summary>
    /// Consecutive quarters, ending with this one, above the plan's lowest tier ("at or above" for agencies,
    /// "qualified" for resellers); 0 when this quarter is in the lowest tier.
    /// </summary>
    public int Streak { get; init; }

    public IReadOnlyList<PayoutLine> Lines { get; init; } = [];
    /// <summary>Sum of the lines.</summary>
    public decimal TotalEarned { get; init; }
    public decimal Advance { get; init; }
    /// <summary>TotalEarned − Advance.</summary>
    public decimal BalanceDue { get; init; }

    public IReadOnlyList<string> Notices { get; init; } = [];

    /// <summary>Deal ids that qualified this quarter and the rate each was paid at (for later clawbacks).</summary>
    public IReadOnlyList<PaidDeal> PaidDeals { get; init; } = [];

    /// <summary>This quarter's deals held for review by an anomaly check: not qualifying until finance releases them.</summary>
    public IReadOnlyList<string> HeldDealIds { get; init; } = [];

    /// <summary>Plain-language account of how the total was reached, sentence by sentence.</summary>
    public IReadOnlyList<string> Explanation { get; init; } = [];
}

/// <summary>One payout line: which rule produced it, from what basis, at what rate.</summary>
public sealed record PayoutLine(
    string RuleId,
    string Description,
    decimal Basis,
    decimal Rate,
    decimal Amount,
    string Formula);

/// <summary>A measured value against its threshold or target.</summary>
public sealed record ScorecardEntry(
    string Name,
    decimal? Value,
    decimal Threshold,
    decimal? Attainment,
    decimal Weight,
    string Note);

/// <summary>A deal that earned commission in a quarter, and the rate it was paid at.</summary>
public sealed record PaidDeal(string DealId, decimal UsdNet, decimal Rate, bool Eroded);
