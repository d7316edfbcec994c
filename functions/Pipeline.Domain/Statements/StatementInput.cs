using Pipeline.Domain.Anomalies;
using Pipeline.Domain.Partners;
using Pipeline.Domain.Payouts;

namespace Pipeline.Domain.Statements;

/// <summary>
/// Everything a partner statement shows. The payout result carries the money; the rest is what the
/// calculator does not know (the registry's terms, findings still under review, held deals, extra
/// notices) and is handed in beside it rather than added to <see cref="PayoutResult"/>.
/// </summary>
public sealed record StatementInput
{
    public required PayoutResult Result { get; init; }
    /// <summary>The partner as the registry has it: the base fee and target a reader needs to check the figures.</summary>
    public required Partner Partner { get; init; }

    /// <summary>Anomaly findings on this partner's quarter that finance has not decided yet.</summary>
    public IReadOnlyList<AnomalyUnderReview> AnomaliesUnderReview { get; init; } = [];

    /// <summary>
    /// Deals left out of this payout until finance releases them, with their amount and why. Ids the result lists
    /// in <see cref="PayoutResult.HeldDealIds"/> but that are not described here are shown without details.
    /// </summary>
    public IReadOnlyList<HeldDeal> HeldDeals { get; init; } = [];

    /// <summary>Notices from outside the calculator (e.g. finance messages), shown after the result's own.</summary>
    public IReadOnlyList<string> Notices { get; init; } = [];

    /// <summary>The partner's inquiries the close reports: still open, or resolved since the quarter began.</summary>
    public IReadOnlyList<string> Inquiries { get; init; } = [];

    /// <summary>What changed in the partner's terms since its previous closed quarter (<see cref="TermsChanges"/>).</summary>
    public IReadOnlyList<string> TermsChanges { get; init; } = [];

    /// <summary>Why an earlier quarter changed, keyed by that quarter; shown beside its prior-period-adjustment line.</summary>
    public IReadOnlyDictionary<Quarter, string> PriorPeriodReasons { get; init; } = new Dictionary<Quarter, string>();
}

/// <summary>A finding of an anomaly check that is waiting for a finance decision.</summary>
/// <param name="Check">Check id, e.g. "duplicate_deal".</param>
/// <param name="Severity">"high", "medium" or "low"; a high finding holds the payout.</param>
/// <param name="Finding">What was found, in words the partner can act on.</param>
public sealed record AnomalyUnderReview(string Check, string Severity, string Finding)
{
    /// <summary>A detector finding as the statement shows it: its check, severity and summary.</summary>
    public static AnomalyUnderReview From(AnomalyFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return new(finding.Check, finding.SeverityName, finding.Summary);
    }

    public bool HoldsPayout => string.Equals(Severity, "high", StringComparison.OrdinalIgnoreCase);
}

/// <summary>A deal kept out of the payout until finance releases it.</summary>
/// <param name="UsdNet">Its USD net, when known.</param>
public sealed record HeldDeal(string DealId, decimal? UsdNet, string Reason);
