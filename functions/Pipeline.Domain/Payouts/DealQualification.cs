using Pipeline.Domain.Deals;
using Pipeline.Domain.Programs;

namespace Pipeline.Domain.Payouts;

/// <summary>
/// Sorts the quarter's deals (docs/program.md, "Resellers"): qualifying (won, or refunded after the quarter ended), refunded within
/// the quarter, held for review; and among the qualifying, eroded deals (discount above the plan's limit).
/// Lists are in deal-id order so every result is the same however the deals arrived.
/// </summary>
internal sealed record DealQualification(
    IReadOnlyList<NormalisedDeal> Counted,
    IReadOnlyList<NormalisedDeal> Eroded,
    IReadOnlyList<NormalisedDeal> RefundedInQuarter,
    IReadOnlyList<NormalisedDeal> Held)
{
    public decimal Revenue { get; } = Counted.Sum(d => d.UsdNet);
    public decimal ErodedRevenue { get; } = Eroded.Sum(d => d.UsdNet);
    public bool AnyQualifying => Counted.Count + Eroded.Count > 0;

    public static DealQualification Sort(IReadOnlyList<NormalisedDeal> deals, Quarter quarter, IReadOnlyCollection<string> heldIds, FlatRateExclusion? erosion)
    {
        // Runs once per deal of every partner at a close (millions): bounds computed once, no LINQ in the loop.
        var (start, end) = (quarter.Start, quarter.End);
        var held = heldIds.Count == 0 ? null : new HashSet<string>(heldIds, StringComparer.Ordinal);
        List<NormalisedDeal> counted = new(deals.Count), eroded = [], refunded = [], onHold = [];
        foreach (var deal in deals)
        {
            if (deal.CloseDate < start || deal.CloseDate > end) continue;
            if (held?.Contains(deal.DealId) == true) onHold.Add(deal);
            // A refunded deal without a refund date (ingestion requires one) is treated as refunded at once: never paid.
            else if (deal.Status == DealStatus.Refunded && !(deal.RefundDate > end)) refunded.Add(deal);
            else if (erosion is not null && deal.NetAmount < deal.ListAmount && Discount(deal) > erosion.DiscountAbove) eroded.Add(deal);
            else counted.Add(deal);
        }

        return new DealQualification(ByDealId(counted), ByDealId(eroded), ByDealId(refunded), ByDealId(onHold));
    }

    /// <summary>
    /// 1 − net / list, 4 dp, from the amounts in the deal's own currency (a ratio, so FX does not change it and
    /// USD rounding cannot nudge it across a threshold). 0 when there is no list price.
    /// </summary>
    public static decimal Discount(NormalisedDeal deal) =>
        deal.ListAmount > 0m ? Money.Ratio(1m - deal.NetAmount / deal.ListAmount) : 0m;

    private static List<NormalisedDeal> ByDealId(List<NormalisedDeal> deals)
    {
        deals.Sort(static (a, b) => string.CompareOrdinal(a.DealId, b.DealId));
        return deals;
    }
}
