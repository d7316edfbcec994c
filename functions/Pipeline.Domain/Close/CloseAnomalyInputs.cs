using Pipeline.Domain.Anomalies;
using Pipeline.Domain.Deals;
using Pipeline.Domain.Partners;
using Pipeline.Domain.Payouts;

namespace Pipeline.Domain.Close;

/// <summary>Maps the close's data to the anomaly detector's inputs (the thresholds are the program's own).</summary>
public static class CloseAnomalyInputs
{
    public static AnomalyPartner Partner(Partner p) =>
        new(p.PartnerId, p.Type, p.Status == PartnerStatus.Active);

    /// <param name="erodedDealIds">Deals the calculator classified as eroded (empty before payouts are computed).</param>
    public static AnomalyDeal Deal(NormalisedDeal d, bool eroded = false) =>
        new(d.PartnerId, d.DealId, d.CloseDate, d.UsdNet, d.Status, d.RefundDate, eroded);

    /// <summary>The figures behind the payout-dependent checks, from the result and the partner's earlier closes.</summary>
    public static AnomalyPartnerFacts Facts(PayoutResult result, int metricRows, IReadOnlyList<ClosedPartnerQuarter> closed) => new(
        result.PartnerId,
        Revenue: result.Revenue,
        QualifyingNet: result.Revenue + result.ErodedRevenue,
        TotalEarned: result.TotalEarned,
        LastQuarterTotalEarned: closed.FirstOrDefault(c => c.Quarter == result.Quarter.Previous())?.TotalEarned,
        EarlierRevenue: [.. closed.Where(c => c.Quarter < result.Quarter).Select(c => new ClosedQuarterRevenue(c.Quarter, c.Revenue))],
        MetricRowCount: metricRows);
}
