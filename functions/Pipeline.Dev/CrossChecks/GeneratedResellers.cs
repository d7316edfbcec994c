using System.Globalization;
using System.Text;
using Pipeline.Domain;
using Pipeline.Domain.Deals;
using Pipeline.Domain.Ingest;
using Pipeline.Domain.Metrics;
using Pipeline.Domain.Partners;
using Pipeline.Domain.Payouts;
using Pipeline.Ingest;
using Pipeline.Ingest.Lake;

namespace Pipeline.Dev.CrossChecks;

/// <summary>
/// A deterministic quarter (2026Q3) of generated resellers, for cross-checks and benchmarks: calculator inputs,
/// the same deals as lake rows (written with <see cref="LakeWriter{TRow}"/>, one drop per partner), and the
/// non-deal facts (partners, csat metrics, last year's closed quarter, held deals) as SQL tables for
/// <see cref="ResellerPlanSql"/>. Includes the edges: discounts of exactly 30% and 30.005%, csat means that
/// round up to 4.0000, targets in odd cents, refunds either side of quarter end, deals outside the quarter.
/// </summary>
public sealed record GeneratedResellers(IReadOnlyList<PayoutInput> PartnerInputs, IReadOnlyList<IReadOnlyList<DealRow>> DealRows)
{
    public static readonly Quarter Q3 = Quarter.Parse("2026Q3");
    public const string DropId = "gen-0001";
    public static readonly DateTimeOffset ReceivedAt = new(2026, 10, 2, 9, 0, 0, TimeSpan.Zero);

    /// <param name="averageDeals">Deals per partner are drawn uniformly from 0 to twice this (plus edge deals).</param>
    public static GeneratedResellers Create(int partners, int seed, int averageDeals = 12)
    {
        var random = new Random(seed);
        var q = Q3;
        var inputs = new List<PayoutInput>(partners);
        var rows = new List<IReadOnlyList<DealRow>>(partners);
        for (var p = 0; p < partners; p++)
        {
            var id = $"RS-{p:D5}";
            var target = random.Next(1, 4) == 1 ? random.Next(1_000_000, 30_000_000) / 100m : random.Next(1, 30) * 10_000m;
            var dealCount = random.Next(0, 2 * averageDeals + 1);
            var deals = new List<DealRow>(dealCount + 2);
            for (var d = 0; d < dealCount; d++) deals.Add(Deal($"{id}-D{d:D4}", id, random, q, target));
            if (p % 7 == 0) deals.Add(Row($"{id}-EDGE", id, 13_999m, 20_000m, new DateOnly(2026, 8, 14))); // discount 0.30005 → 0.3001: eroded
            if (p % 11 == 0) deals.Add(Row($"{id}-FLAT", id, 14_000m, 20_000m, new DateOnly(2026, 8, 14))); // discount exactly 0.30: not eroded

            var metrics = new List<MetricReading>();
            if (p % 13 == 0) metrics.AddRange([Csat(id, 3.9999m, q.Start), Csat(id, 4.0m, q.End)]); // mean 3.99995 → 4.0000: gate passes
            else for (var m = 0; m < random.Next(0, 4); m++) metrics.Add(Csat(id, random.Next(370, 430) / 100m, q.Start.AddDays(m * 30)));

            var normalised = deals.Select(d => d.ToNormalisedDeal()).ToList();
            var revenue = normalised.Where(d => d.Status == DealStatus.Won && q.Contains(d.CloseDate)).Sum(d => d.UsdNet);
            var lastYear = random.Next(0, 10) < 7 ? Money.Cents(revenue * random.Next(60, 110) / 100m) : (decimal?)null;
            inputs.Add(new PayoutInput
            {
                Partner = new(id, $"Reseller {p}", PartnerType.Reseller, 0m, target, q.Start.AddDays(-random.Next(200, 800))),
                Quarter = q,
                Deals = normalised,
                Metrics = metrics,
                HeldDealIds = deals.Count > 3 && p % 5 == 0 ? [deals[2].DealId] : [],
                History = lastYear is { } r ? [new ClosedQuarter(q.YearEarlier(), "qualified", r, 0.09m, 0m)] : [],
            });
            rows.Add(deals);
        }

        return new GeneratedResellers(inputs, rows);
    }

    public long DealCount => DealRows.Sum(d => (long)d.Count);

    private static MetricReading Csat(string partnerId, decimal value, DateOnly date) => new(partnerId, date, MetricNames.Csat, value);

    private static DealRow Row(string dealId, string partnerId, decimal net, decimal list, DateOnly closed,
        DealStatus status = DealStatus.Won, DateOnly? refunded = null) =>
        new(dealId, partnerId, closed, null, "widget", 1, list, net, "USD", 1m, list, net, status, refunded);

    private static DealRow Deal(string dealId, string partnerId, Random random, Quarter q, decimal target)
    {
        var net = random.Next(100, (int)Math.Min(int.MaxValue, target * 40m)) / 100m;
        var list = random.Next(0, 4) == 0 ? Money.Cents(net / (1m - random.Next(0, 5000) / 10_000m)) : net;
        var deal = Row(dealId, partnerId, net, list, q.Start.AddDays(random.Next(-5, 95)));
        return random.Next(0, 10) switch
        {
            0 => deal with { Status = DealStatus.Refunded, RefundDate = q.End },
            1 => deal with { Status = DealStatus.Refunded, RefundDate = q.End.AddDays(1) },
            _ => deal,
        };
    }

    /// <summary>
    /// Writes every partner's deals to <paramref name="lakeDirectory"/> as the ingest does: one drop per partner,
    /// Hive layout <c>deals/quarter=…/{partner}-{drop}.parquet</c>. Returns the files written.
    /// </summary>
    public async Task<IReadOnlyList<LakeFile>> WriteDealsAsync(string lakeDirectory, LakeWriterOptions? options = null, CancellationToken ct = default)
    {
        var files = new List<LakeFile>();
        Stream Open(string blob, Quarter _)
        {
            var path = Path.Combine(lakeDirectory, blob);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            return File.Create(path);
        }

        for (var p = 0; p < PartnerInputs.Count; p++)
        {
            var deals = DealRows[p];
            if (deals.Count == 0) continue;
            await using var writer = new LakeWriter<DealRow>(DealLakeTable.Instance,
                new DropContext(PartnerInputs[p].Partner.PartnerId, DropId, ReceivedAt), Open, options);
            for (var i = 0; i < deals.Count; i++) await writer.AddAsync(i + 2, deals[i], ct);
            files.AddRange(await writer.CompleteAsync(ct));
        }

        return files;
    }

    /// <summary>The glob DuckDB reads the deals of a lake folder with.</summary>
    public static string DealsGlob(string lakeDirectory) =>
        Path.Combine(lakeDirectory, "deals", "*", "*.parquet").Replace('\\', '/');

    /// <summary>CREATE/INSERT statements for the tables <see cref="ResellerPlanSql.Lines"/> joins the lake deals with.</summary>
    public IEnumerable<string> SetupStatements()
    {
        yield return "CREATE TABLE partners (partner_id VARCHAR, target DECIMAL(18,2), joined DATE)";
        yield return "CREATE TABLE held (partner_id VARCHAR, deal_id VARCHAR)";
        yield return "CREATE TABLE metrics (partner_id VARCHAR, date DATE, metric VARCHAR, value DECIMAL(18,6))";
        yield return "CREATE TABLE closed (partner_id VARCHAR, quarter VARCHAR, revenue DECIMAL(18,2))";
        foreach (var chunk in PartnerInputs.Chunk(2_000))
        {
            yield return Insert("partners", chunk.Select(i => $"('{i.Partner.PartnerId}', {N(i.Partner.QuarterlyTarget)}, {D(i.Partner.Joined)})"));
            yield return Insert("held", chunk.SelectMany(i => i.HeldDealIds.Select(h => $"('{i.Partner.PartnerId}', '{h}')")));
            yield return Insert("metrics", chunk.SelectMany(i => i.Metrics.Select(m => $"('{m.PartnerId}', {D(m.Date)}, '{m.Metric}', {N(m.Value)})")));
            yield return Insert("closed", chunk.SelectMany(i => i.History.Select(h => $"('{i.Partner.PartnerId}', '{h.Quarter}', {N(h.Revenue)})")));
        }
    }

    private static string Insert(string table, IEnumerable<string> rows)
    {
        var values = rows.ToList();
        return values.Count == 0 ? "SELECT 1" : new StringBuilder($"INSERT INTO {table} VALUES ").AppendJoin(",\n", values).ToString();
    }

    private static string N(decimal value) => value.ToString(CultureInfo.InvariantCulture);
    private static string D(DateOnly date) => $"DATE '{date:yyyy-MM-dd}'";
}
