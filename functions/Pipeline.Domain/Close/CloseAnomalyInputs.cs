using Pipeline.Domain.Anomalies;
using Pipeline.Domain.Deals;
using Pipeline.Domain.Partners;
using Pipeline.Domain.Payouts;

namespace Pipeline.Domain.Close;

/// <summary>Maps the close's data to the anomaly detector's inputs.</summary>
public static class CloseAnomalyInputs
{
    public static AnomalyThresholds Thresholds(Programs.AnomalyThresholds p) => new(
        DuplicateDealMinPartners: p.DuplicateDeal.MinPartners,
        PriceErosionMinShare: p.PriceErosion.MinShare,
        StuffingMinShare: p.QuarterEndStuffing.MinShare,
        StuffingLastDays: p.QuarterEndStuffing.LastDays,
        SpikeMultiple: p.RevenueSpike.Multiple,
        SpikeMaxEarlierQuarters: p.RevenueSpike.MaxEarlierQuarters,
        SpikeMinEarlierQuarters: p.RevenueSpike.MinEarlierQuarters,
        PayoutJumpMultiple: p.PayoutJump.Multiple,
        PayoutJumpMinTotal: p.PayoutJump.MinTotal,
        RefundRateMinShare: p.RefundRate.MinShare,
        RefundRateMinDeals: p.RefundRate.MinDeals,
        BenfordMaxPValue: p.Benford.MaxPValue,
        BenfordMinDeals: p.Benford.MinDeals);

    public static AnomalyPartner Partner(Partner p) =>
        new(p.PartnerId, p.Type == PartnerType.Agency ? AnomalyPartnerType.Agency : AnomalyPartnerType.Reseller, p.Status == PartnerStatus.Active);

    /// <param name="erodedDealIds">Deals the calculator classified as eroded (empty before payouts are computed).</param>
    public static AnomalyDeal Deal(NormalisedDeal d, bool eroded = false) =>
        new(d.PartnerId, d.DealId, d.CloseDate, d.UsdNet,
            d.Status == DealStatus.Refunded ? AnomalyDealStatus.Refunded : AnomalyDealStatus.Won, d.RefundDate, eroded);

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
