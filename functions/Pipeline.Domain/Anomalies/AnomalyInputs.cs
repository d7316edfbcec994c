using Pipeline.Domain.Deals;
using Pipeline.Domain.Partners;

namespace Pipeline.Domain.Anomalies;

/// <summary>
/// One normalised deal row, reduced to what the checks read. Deal ids are unique per partner only, so a deal is
/// identified by (PartnerId, DealId) everywhere, holds included.
/// </summary>
/// <param name="UsdNet">Net amount in USD, already rounded to cents by normalisation.</param>
/// <param name="RefundDate">Required when <paramref name="Status"/> is refunded.</param>
/// <param name="Eroded">
/// As the payout plan classifies it (reseller plan: discount = 1 − net/list above 0.30). Taken from the calculator rather
/// than recomputed here so the erosion check and the eroded-deals payout line can never disagree about a deal.
/// </param>
public sealed record AnomalyDeal(
    string PartnerId,
    string DealId,
    DateOnly CloseDate,
    decimal UsdNet,
    DealStatus Status = DealStatus.Won,
    DateOnly? RefundDate = null,
    bool Eroded = false);

/// <summary>A registry entry, reduced to what the checks read: missing data means something different for each
/// partner type, and only active partners can be missing data.</summary>
public sealed record AnomalyPartner(string PartnerId, PartnerType Type, bool Active = true);

/// <summary>Qualifying revenue R recorded when an earlier quarter was closed.</summary>
public sealed record ClosedQuarterRevenue(Quarter Quarter, decimal Revenue);

/// <summary>
/// The figures of a partner's quarter that come from the payout calculation and the recorded closes rather than from
/// deal rows. The checks compare against these so a finding quotes the same R and totals the statement shows.
/// A partner without facts is treated as <see cref="Empty"/>: no revenue, no earnings, no history, no metric rows.
/// </summary>
/// <param name="Revenue">R: USD net of qualifying deals, eroded deals excluded.</param>
/// <param name="QualifyingNet">USD net of all qualifying deals, eroded ones included.</param>
/// <param name="TotalEarned">This quarter's total earned (sum of the payout lines).</param>
/// <param name="LastQuarterTotalEarned">Total earned recorded for the previous quarter; null when it was never closed.</param>
/// <param name="EarlierRevenue">R recorded at earlier closes; any order, quarters at or after this one are ignored.</param>
/// <param name="MetricRowCount">Metric rows dated in the quarter.</param>
public sealed record AnomalyPartnerFacts(
    string PartnerId,
    decimal Revenue = 0m,
    decimal QualifyingNet = 0m,
    decimal TotalEarned = 0m,
    decimal? LastQuarterTotalEarned = null,
    IReadOnlyList<ClosedQuarterRevenue>? EarlierRevenue = null,
    int MetricRowCount = 0)
{
    public IReadOnlyList<ClosedQuarterRevenue> EarlierRevenue { get; init; } = EarlierRevenue ?? [];

    public static AnomalyPartnerFacts Empty(string partnerId) => new(partnerId);
}
