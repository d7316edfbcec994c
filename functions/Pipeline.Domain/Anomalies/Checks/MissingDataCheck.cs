using System.Globalization;
using Pipeline.Domain.Partners;

namespace Pipeline.Domain.Anomalies.Checks;

/// <summary>
/// missing_data (high): an active agency with no metric rows dated in the quarter, or an active reseller with neither
/// deals nor metric rows. Paying on silence would pay a below-tier agency or a zero for a reseller whose files were
/// lost, so the payout waits for finance. Inactive partners are expected to be silent. No thresholds: the program's
/// <c>anomalies</c> block has no object for it.
/// Observed: rows found (deals + metrics). Limit: 1, the least that counts as data.
/// </summary>
internal sealed class MissingDataCheck : AnomalyCheck
{
    public override string Code => "missing_data";
    public override AnomalySeverity Severity => AnomalySeverity.High;

    internal override IEnumerable<AnomalyFinding> Evaluate(AnomalyRun run, AnomalyThresholds thresholds) =>
        run.Partners.Select(Check).OfType<AnomalyFinding>();

    private AnomalyFinding? Check(PartnerQuarter p)
    {
        if (!p.Partner.Active) return null;
        var metrics = p.Facts.MetricRowCount;
        var deals = p.Deals.Count;
        var agency = p.Partner.Type == PartnerType.Agency;
        var missing = agency ? metrics == 0 : metrics == 0 && deals == 0;
        if (!missing) return null;

        var what = agency ? "no metric rows" : "no deals and no metric rows";
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"Active {PartnerTypes.Name(p.Partner.Type)} sent {what} dated in {p.Quarter}. "
            + $"The payout waits for finance's decision.");
        return p.Finding(Code, Severity, summary,
            observed: metrics + deals, limit: 1,
            figures: [new("metric_rows", metrics), new("deal_rows", deals)]);
    }
}
