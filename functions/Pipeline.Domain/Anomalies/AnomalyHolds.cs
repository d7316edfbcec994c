namespace Pipeline.Domain.Anomalies;

/// <summary>A deal held for review; deal ids are unique per partner only, so the partner is part of the key.</summary>
public readonly record struct HeldDealKey(string PartnerId, string DealId);

/// <summary>
/// What the high-severity findings of a close hold: partners whose payout waits for finance, and deals that do not
/// qualify until finance releases them.
/// </summary>
public sealed class AnomalyHolds
{
    private readonly HashSet<string> _partners;
    private readonly HashSet<HeldDealKey> _deals;

    private AnomalyHolds(IEnumerable<string> partners, IEnumerable<HeldDealKey> deals)
    {
        _partners = new HashSet<string>(partners, StringComparer.Ordinal);
        _deals = [.. deals];
        HeldPartnerIds = [.. _partners.Order(StringComparer.Ordinal)];
        HeldDeals = [.. _deals.OrderBy(d => d.PartnerId, StringComparer.Ordinal).ThenBy(d => d.DealId, StringComparer.Ordinal)];
    }

    /// <summary>Partners with at least one high-severity finding, sorted.</summary>
    public IReadOnlyList<string> HeldPartnerIds { get; }

    /// <summary>Every held deal, sorted by partner then deal id.</summary>
    public IReadOnlyList<HeldDealKey> HeldDeals { get; }

    public bool IsPartnerHeld(string partnerId) => _partners.Contains(partnerId);

    public bool IsDealHeld(string partnerId, string dealId) => _deals.Contains(new HeldDealKey(partnerId, dealId));

    public static AnomalyHolds From(IEnumerable<AnomalyFinding> findings)
    {
        var high = findings.Where(f => f.HoldsPayout).ToList();
        return new AnomalyHolds(
            high.Select(f => f.PartnerId),
            high.SelectMany(f => f.HeldDealIds.Select(d => new HeldDealKey(f.PartnerId, d))));
    }
}
