using Pipeline.Domain.Anomalies;
using Pipeline.Domain.Deals;
using Pipeline.Domain.Partners;

namespace Pipeline.Domain.Tests.Anomalies;

/// <summary>
/// Builds a close's inputs for 2026Q3 (1 July – 30 September). Facts R and qualifying net are derived from the deals the
/// way the calculator derives them, unless a test overrides them, so a scenario is consistent by default.
/// </summary>
internal sealed class AnomalyScenario
{
    public static Quarter Q3 { get; } = new(2026, 3);

    private readonly List<AnomalyPartner> _partners = [];
    private readonly List<AnomalyDeal> _deals = [];
    private readonly Dictionary<string, int> _metricRows = [];
    private readonly Dictionary<string, Func<AnomalyPartnerFacts, AnomalyPartnerFacts>> _factChanges = [];

    public IReadOnlyList<AnomalyPartner> Partners => _partners;
    public IReadOnlyList<AnomalyDeal> Deals => _deals;

    public static DateOnly Day(int month, int day) => new(2026, month, day);

    public AnomalyScenario Reseller(string id, bool active = true, int metricRows = 3) =>
        Partner(new AnomalyPartner(id, PartnerType.Reseller, active), metricRows);

    public AnomalyScenario Agency(string id, bool active = true, int metricRows = 12) =>
        Partner(new AnomalyPartner(id, PartnerType.Agency, active), metricRows);

    private AnomalyScenario Partner(AnomalyPartner partner, int metricRows)
    {
        _partners.Add(partner);
        _metricRows[partner.PartnerId] = metricRows;
        return this;
    }

    public AnomalyScenario Deal(string partner, string dealId, decimal usdNet, DateOnly? closed = null, bool eroded = false, DateOnly? refunded = null)
    {
        _deals.Add(new AnomalyDeal(partner, dealId, closed ?? Day(7, 15), usdNet,
            refunded is null ? DealStatus.Won : DealStatus.Refunded, refunded, eroded));
        return this;
    }

    /// <summary>Ten ordinary deals from July to late August, 10,000.00 USD in all: nothing about them is unusual.</summary>
    public AnomalyScenario OrdinaryDeals(string partner, string prefix = "D")
    {
        decimal[] amounts = [1_850m, 1_200m, 640m, 2_310m, 475m, 980m, 1_125m, 395m, 560m, 465m];
        for (var i = 0; i < amounts.Length; i++)
            Deal(partner, $"{prefix}-{i + 1:D3}", amounts[i], Day(7, 3).AddDays(i * 5));
        return this;
    }

    public AnomalyScenario Facts(string partner, Func<AnomalyPartnerFacts, AnomalyPartnerFacts> change)
    {
        _factChanges[partner] = _factChanges.TryGetValue(partner, out var earlier) ? f => change(earlier(f)) : change;
        return this;
    }

    public IReadOnlyList<AnomalyPartnerFacts> BuildFacts() =>
        [.. _partners.Select(p =>
        {
            var qualifying = _deals.Where(d => d.PartnerId == p.PartnerId && Q3.Contains(d.CloseDate)
                && (d.Status == DealStatus.Won || d.RefundDate > Q3.End)).ToList();
            var facts = new AnomalyPartnerFacts(
                p.PartnerId,
                Revenue: qualifying.Where(d => !d.Eroded).Sum(d => d.UsdNet),
                QualifyingNet: qualifying.Sum(d => d.UsdNet),
                MetricRowCount: _metricRows[p.PartnerId]);
            return _factChanges.TryGetValue(p.PartnerId, out var change) ? change(facts) : facts;
        })];

    public IReadOnlyList<AnomalyFinding> Run(AnomalyThresholds? thresholds = null) =>
        AnomalyDetector.Run(Q3, _partners, _deals, BuildFacts(), thresholds ?? AnomalyThresholds.Reference);

    public IReadOnlyList<AnomalyFinding> Run(string check, AnomalyThresholds? thresholds = null) =>
        [.. Run(thresholds).Where(f => f.Check == check)];
}
