using Pipeline.Domain;
using Pipeline.Domain.Anomalies;
using Pipeline.Domain.Close;
using Pipeline.Domain.Payouts;
using Pipeline.Azure;

namespace Pipeline.Close;

/// <summary>
/// Publishes a closed quarter to the lake: <c>payouts</c>, <c>payout_lines</c>, <c>anomalies</c> and <c>decisions</c>
/// under <c>quarter={q}/part-0000.parquet</c>. Rows are sorted and the bytes deterministic, so a retry rewrites the
/// same files.
/// </summary>
public sealed class CloseLakePublisher(StorageAccount storage)
{
    public static string PartName(string table, Quarter quarter) => $"{table}/quarter={quarter}/part-0000.parquet";

    public async Task<IReadOnlyList<string>> PublishAsync(
        Quarter quarter, IReadOnlyList<PayoutResult> results, IReadOnlyList<AnomalyFinding> findings, IReadOnlyList<CloseDecision> decisions,
        CancellationToken cancellationToken = default)
    {
        var payouts = results.OrderBy(r => r.PartnerId, StringComparer.Ordinal).ToList();
        var q = quarter.ToString();
        var lines = payouts.SelectMany(r => r.Lines.Select((l, i) => (r.PartnerId, No: i + 1, Line: l))).ToList();
        var files = new List<(string Name, ParquetTable Table)>
        {
            (PartName("payouts", quarter), new ParquetTable(payouts.Count)
                .Text("quarter", payouts.Select(_ => q))
                .Text("partner_id", payouts.Select(r => r.PartnerId))
                .Text("partner_name", payouts.Select(r => r.PartnerName))
                .Text("partner_type", payouts.Select(r => r.PartnerType))
                .Text("plan_id", payouts.Select(r => r.PlanId))
                .Text("program_version", payouts.Select(r => r.ProgramVersion))
                .Text("tier", payouts.Select(r => r.Tier))
                .Ratio("attainment", payouts.Select(r => r.Attainment))
                .Money("revenue", payouts.Select(r => r.Revenue))
                .Ratio("effective_rate", payouts.Select(r => r.EffectiveRate))
                .Money("total_earned", payouts.Select(r => r.TotalEarned))
                .Money("advance", payouts.Select(r => r.Advance))
                .Money("balance_due", payouts.Select(r => r.BalanceDue))
                .Int("held_deals", payouts.Select(r => r.HeldDealIds.Count))),
            (PartName("payout_lines", quarter), new ParquetTable(lines.Count)
                .Text("quarter", lines.Select(_ => q))
                .Text("partner_id", lines.Select(l => l.PartnerId))
                .Int("line_no", lines.Select(l => l.No))
                .Text("rule_id", lines.Select(l => l.Line.RuleId))
                .Text("description", lines.Select(l => l.Line.Description))
                .Money("basis", lines.Select(l => l.Line.Basis))
                .Ratio("rate", lines.Select(l => l.Line.Rate))
                .Money("amount", lines.Select(l => l.Line.Amount))),
            (PartName("anomalies", quarter), new ParquetTable(findings.Count)
                .Text("quarter", findings.Select(_ => q))
                .Text("check", findings.Select(f => f.Check))
                .Text("severity", findings.Select(f => f.SeverityName))
                .Text("partner_id", findings.Select(f => f.PartnerId))
                .Text("summary", findings.Select(f => f.Summary))
                .Ratio("observed", findings.Select(f => f.Evidence.Observed))
                .Ratio("limit", findings.Select(f => f.Evidence.Limit))
                .Int("deal_count", findings.Select(f => f.Evidence.DealCount))
                .Text("held_deal_ids", findings.Select(f => string.Join('|', f.HeldDealIds)))),
            (PartName("decisions", quarter), new ParquetTable(decisions.Count)
                .Text("quarter", decisions.Select(_ => q))
                .Text("decision_id", decisions.Select(d => d.Id))
                .Text("partner_id", decisions.Select(d => d.Partner))
                .Text("action", decisions.Select(d => d.Action))
                .Money("amount", decisions.Select(d => d.Amount ?? 0m))
                .Text("reason", decisions.Select(d => d.Reason))
                .Text("decided_by", decisions.Select(d => d.By))
                .Timestamp("decided_at", decisions.Select(d => d.At))),
        };

        var container = storage.Container(Names.Lake);
        foreach (var (name, table) in files)
        {
            var bytes = await table.ToBytesAsync(cancellationToken);
            await container.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(bytes), overwrite: true, cancellationToken);
        }

        return [.. files.Select(f => f.Name)];
    }
}
