using System.Globalization;

namespace Pipeline.Domain.Anomalies.Checks;

/// <summary>
/// missing_data (high): an active agency with no metric rows dated in the quarter, or an active reseller with neither
/// deals nor metric rows. Paying on silence would pay a below-tier agency or a zero for a reseller whose files were
/// lost, so the payout waits for finance. Inactive partners are expected to be silent.
/// Observed: rows found (deals + metrics). Limit: 1, the least that counts as data.
/// </summary>
internal static class MissingData
{
    public static AnomalyFinding? Check(PartnerQuarter p)
    {
        if (!p.Partner.Active) return null;
        var metrics = p.Facts.MetricRowCount;
        var deals = p.Deals.Count;
        var missing = p.Partner.Type switch
        {
            AnomalyPartnerType.Agency => metrics == 0,
            _ => metrics == 0 && deals == 0,
        };
        if (!missing) return null;

        var what = p.Partner.Type == AnomalyPartnerType.Agency ? "no metric rows" : "no deals and no metric rows";
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"Active {(p.Partner.Type == AnomalyPartnerType.Agency ? "agency" : "reseller")} sent {what} dated in {p.Quarter}. "
            + $"The payout waits for finance's decision.");
        return p.Finding(AnomalyChecks.MissingData, AnomalySeverity.High, summary,
            observed: metrics + deals, limit: 1,
            figures: [new("metric_rows", metrics), new("deal_rows", deals)]);
    }
}
