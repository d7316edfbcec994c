using Pipeline.Domain.Deals;

namespace Pipeline.Domain.Anomalies;

/// <summary>One partner's quarter as the per-partner checks see it: registry entry, facts, and deals closed in the quarter.</summary>
internal sealed class PartnerQuarter(AnomalyPartner partner, AnomalyPartnerFacts facts, Quarter quarter, IReadOnlyList<AnomalyDeal> deals)
{
    public AnomalyPartner Partner { get; } = partner;
    public AnomalyPartnerFacts Facts { get; } = facts;
    public Quarter Quarter { get; } = quarter;

    /// <summary>Deals with a close date in the quarter, sorted by deal id.</summary>
    public IReadOnlyList<AnomalyDeal> Deals { get; } = deals;

    /// <summary>
    /// The reseller plan's qualification (docs/program.md, "Resellers"): won, or refunded only after the quarter ended. (Holds are the close's business:
    /// the facts it passes already reflect them.)
    /// </summary>
    public IEnumerable<AnomalyDeal> QualifyingDeals =>
        Deals.Where(d => d.Status == DealStatus.Won || d.RefundDate > Quarter.End);

    public AnomalyFinding Finding(
        string check,
        AnomalySeverity severity,
        string summary,
        decimal observed,
        decimal limit,
        IReadOnlyList<EvidenceFigure> figures,
        IReadOnlyCollection<string>? dealIds = null,
        IReadOnlyList<string>? heldDealIds = null)
    {
        var ids = dealIds ?? [];
        var listed = ids.Order(StringComparer.Ordinal).Take(AnomalyFinding.MaxListedDeals).ToList();
        return new AnomalyFinding(check, severity, Partner.PartnerId, Quarter, summary,
            new AnomalyEvidence(observed, limit, figures, listed, ids.Count), heldDealIds ?? []);
    }
}
