using Pipeline.Domain;
using Pipeline.Domain.Anomalies;
using Pipeline.Domain.Close;
using Pipeline.Domain.Payouts;
using Pipeline.Azure;
using static Pipeline.Close.CloseLakeTables;

namespace Pipeline.Close;

/// <summary>
/// Publishes a closed quarter to the lake: <c>payouts</c>, <c>payout_lines</c>, <c>anomalies</c> and <c>decisions</c>
/// (<see cref="CloseLakeTables"/>) under <c>quarter={q}/part-0000.parquet</c>. Rows are sorted and the bytes deterministic, so a retry rewrites the
/// same files.
/// </summary>
public sealed class CloseLakePublisher(StorageAccount storage)
{
    public static string PartName(string table, Quarter quarter) => CloseLakeTables.PartName(table, quarter);

    public async Task<IReadOnlyList<string>> PublishAsync(
        Quarter quarter, IReadOnlyList<PayoutResult> results, IReadOnlyList<AnomalyFinding> findings, IReadOnlyList<CloseDecision> decisions,
        CancellationToken cancellationToken = default)
    {
        var payouts = results.OrderBy(r => r.PartnerId, StringComparer.Ordinal).ToList();
        var q = quarter.ToString();
        var lines = payouts.SelectMany(r => r.Lines.Select((l, i) => (r.PartnerId, No: i + 1, Line: l))).ToList();
        var files = new List<(string Name, ParquetTable Table)>
        {
            (PartName(Payouts.Name, quarter), new ParquetTable(Payouts.Schema, payouts.Count)
                .Text(Payouts.Quarter, payouts.Select(_ => q))
                .Text(Payouts.PartnerId, payouts.Select(r => r.PartnerId))
                .Text(Payouts.PartnerName, payouts.Select(r => r.PartnerName))
                .Text(Payouts.PartnerType, payouts.Select(r => r.PartnerType))
                .Text(Payouts.PlanId, payouts.Select(r => r.PlanId))
                .Text(Payouts.ProgramVersion, payouts.Select(r => r.ProgramVersion))
                .Text(Payouts.Tier, payouts.Select(r => r.Tier))
                .Decimal(Payouts.Attainment, payouts.Select(r => r.Attainment))
                .Decimal(Payouts.Revenue, payouts.Select(r => r.Revenue))
                .Decimal(Payouts.EffectiveRate, payouts.Select(r => r.EffectiveRate))
                .Decimal(Payouts.TotalEarned, payouts.Select(r => r.TotalEarned))
                .Decimal(Payouts.Advance, payouts.Select(r => r.Advance))
                .Decimal(Payouts.BalanceDue, payouts.Select(r => r.BalanceDue))
                .Int(Payouts.HeldDeals, payouts.Select(r => r.HeldDealIds.Count))),
            (PartName(PayoutLines.Name, quarter), new ParquetTable(PayoutLines.Schema, lines.Count)
                .Text(PayoutLines.Quarter, lines.Select(_ => q))
                .Text(PayoutLines.PartnerId, lines.Select(l => l.PartnerId))
                .Int(PayoutLines.LineNo, lines.Select(l => l.No))
                .Text(PayoutLines.RuleId, lines.Select(l => l.Line.RuleId))
                .Text(PayoutLines.Description, lines.Select(l => l.Line.Description))
                .Decimal(PayoutLines.Basis, lines.Select(l => l.Line.Basis))
                .Decimal(PayoutLines.Rate, lines.Select(l => l.Line.Rate))
                .Decimal(PayoutLines.Amount, lines.Select(l => l.Line.Amount))),
            (PartName(Anomalies.Name, quarter), new ParquetTable(Anomalies.Schema, findings.Count)
                .Text(Anomalies.Quarter, findings.Select(_ => q))
                .Text(Anomalies.Check, findings.Select(f => f.Check))
                .Text(Anomalies.Severity, findings.Select(f => f.SeverityName))
                .Text(Anomalies.PartnerId, findings.Select(f => f.PartnerId))
                .Text(Anomalies.Summary, findings.Select(f => f.Summary))
                .Decimal(Anomalies.Observed, findings.Select(f => f.Evidence.Observed))
                .Decimal(Anomalies.Limit, findings.Select(f => f.Evidence.Limit))
                .Int(Anomalies.DealCount, findings.Select(f => f.Evidence.DealCount))
                .Text(Anomalies.HeldDealIds, findings.Select(f => string.Join('|', f.HeldDealIds)))),
            (PartName(Decisions.Name, quarter), new ParquetTable(Decisions.Schema, decisions.Count)
                .Text(Decisions.Quarter, decisions.Select(_ => q))
                .Text(Decisions.DecisionId, decisions.Select(d => d.Id))
                .Text(Decisions.PartnerId, decisions.Select(d => d.Partner))
                .Text(Decisions.Action, decisions.Select(d => d.Action))
                .Decimal(Decisions.Amount, decisions.Select(d => d.Amount ?? 0m))
                .Text(Decisions.Reason, decisions.Select(d => d.Reason))
                .Text(Decisions.DecidedBy, decisions.Select(d => d.By))
                .Timestamp(Decisions.DecidedAt, decisions.Select(d => d.At))),
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
