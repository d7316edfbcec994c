using Pipeline.Domain.Deals;
using Pipeline.Domain.Metrics;
using Pipeline.Domain.Partners;

namespace Pipeline.Domain.Payouts;

/// <summary>
/// Everything the calculator needs for one partner's quarter. The caller (the close, the what-if) gathers it;
/// the calculator reads nothing else, so the same input always gives the same payout.
/// </summary>
public sealed record PayoutInput
{
    public required Partner Partner { get; init; }
    public required Quarter Quarter { get; init; }

    /// <summary>The partner's deals closed in the quarter (deals closed in other quarters are ignored).</summary>
    public IReadOnlyList<NormalisedDeal> Deals { get; init; } = [];

    /// <summary>The partner's metric rows; only those dated in the quarter count.</summary>
    public IReadOnlyList<MetricReading> Metrics { get; init; } = [];

    /// <summary>Deals paid in an earlier closed quarter and refunded in this one, as they were recorded when paid.</summary>
    public IReadOnlyList<RefundedEarlierDeal> RefundedEarlierDeals { get; init; } = [];

    /// <summary>Deals held for review by an anomaly check: they do not qualify until finance releases them.</summary>
    public IReadOnlyCollection<string> HeldDealIds { get; init; } = [];

    /// <summary>The partner's earlier quarters as recorded when they were closed (streaks, notices, growth).</summary>
    public IReadOnlyList<ClosedQuarter> History { get; init; } = [];

    public IReadOnlyList<PriorPeriodAdjustment> PriorPeriodAdjustments { get; init; } = [];
    public IReadOnlyList<FinanceAdjustment> FinanceAdjustments { get; init; } = [];
}

/// <summary>What was recorded when one of the partner's quarters was closed.</summary>
public sealed record ClosedQuarter(Quarter Quarter, string Tier, decimal Revenue, decimal EffectiveRate, decimal TotalEarned)
{
    public static ClosedQuarter From(PayoutResult result) =>
        new(result.Quarter, result.Tier, result.Revenue, result.EffectiveRate, result.TotalEarned);
}

/// <summary>A deal paid in <paramref name="PaidIn"/> (at <see cref="PaidDeal.Rate"/>) and refunded in the quarter being computed.</summary>
public sealed record RefundedEarlierDeal(Quarter PaidIn, PaidDeal Paid, DateOnly? RefundDate = null);

/// <summary>A change to an earlier quarter's payout found after it was closed (a correction), paid or taken back now.
/// <paramref name="InquiryId"/>: the partner's inquiry whose resolution decided it (paid once: later closes see it here).</summary>
public sealed record PriorPeriodAdjustment(Quarter Quarter, decimal Amount, string Reason, string? InquiryId = null);

/// <summary>A finance decision that adjusts this quarter's payout, with its reason (and who decided, for the statement).</summary>
public sealed record FinanceAdjustment(decimal Amount, string Reason, string DecidedBy = "");
