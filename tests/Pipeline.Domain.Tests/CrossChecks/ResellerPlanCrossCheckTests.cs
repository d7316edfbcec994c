using System.Globalization;
using System.Text;
using DuckDB.NET.Data;
using Pipeline.Domain.Deals;
using Pipeline.Domain.Metrics;
using Pipeline.Domain.Partners;
using Pipeline.Domain.Payouts;
using Pipeline.Domain.Tests.Builders;

namespace Pipeline.Domain.Tests.CrossChecks;

/// <summary>
/// The calculator and an independent SQL formulation of the reseller plan (<see cref="ResellerPlanSql"/>) agree
/// to the cent on a generated quarter of hundreds of partners, including the edges: discounts of exactly 30%
/// and 30.005%, csat means that round up to 4.0000, targets in odd cents, refunds either side of quarter end.
/// </summary>
public sealed class ResellerPlanCrossCheckTests
{
    private const int Partners = 400;

    [Fact]
    public void Calculator_and_sql_agree_to_the_cent_on_every_reseller_line()
    {
        var quarter = GeneratedQuarter.Create(Partners, seed: 20260923);
        var fromCalculator = quarter.PartnerInputs
            .SelectMany(input => Inputs.Pay(input).Lines
                .Where(l => l.RuleId is RuleIds.Band or RuleIds.ErodedDeals)
                .Select(l => (input.Partner.PartnerId, Rule: l.RuleId == RuleIds.Band ? BandRule(l) : l.RuleId, l.Amount)))
            .OrderBy(x => x.PartnerId, StringComparer.Ordinal).ThenBy(x => x.Rule, StringComparer.Ordinal)
            .ToList();

        var fromSql = Query(quarter.InsertStatements(), ResellerPlanSql.Lines)
            .Select(row => ((string)row[0]!, (string)row[1]!, (decimal)row[2]!))
            .ToList();

        Assert.True(fromSql.Count > Partners, $"expected lines for most of {Partners} partners, SQL gave {fromSql.Count}");
        Assert.Equal(fromSql, fromCalculator);
        // the generated edges were really exercised, so agreement is not agreement on easy cases only
        Assert.Contains(quarter.PartnerInputs, i => i.Deals.Any(d => d.ListAmount == 20_000m && d.NetAmount == 13_999m));
        Assert.True(fromCalculator.Count(x => x.Rule == "band:3") > 20, "too few partners reached the accelerator");
    }

    /// <summary>The calculator's band lines carry the band id; SQL numbers them 1 to 4.</summary>
    private static string BandRule(PayoutLine line) => line.Description.Split(' ')[1] switch
    {
        "core" => "band:1",
        "target" => "band:2",
        "accelerator" => "band:3",
        "accelerator-cap" => "band:4",
        var other => $"band:{other}",
    };

    private static List<object?[]> Query(IEnumerable<string> setup, string sql)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        foreach (var statement in setup)
        {
            command.CommandText = statement;
            command.ExecuteNonQuery();
        }

        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }

        return rows;
    }
}

/// <summary>A quarter (2026Q3) of generated resellers, as calculator inputs and as SQL tables.</summary>
internal sealed record GeneratedQuarter(IReadOnlyList<PayoutInput> PartnerInputs)
{
    public static GeneratedQuarter Create(int partners, int seed)
    {
        var random = new Random(seed);
        var q = Inputs.Q3;
        var inputs = new List<PayoutInput>();
        for (var p = 0; p < partners; p++)
        {
            var id = $"RS-{p:D4}";
            var target = random.Next(1, 4) == 1 ? random.Next(1_000_000, 30_000_000) / 100m : random.Next(1, 30) * 10_000m;
            var deals = new List<NormalisedDeal>();
            for (var d = 0; d < random.Next(0, 25); d++)
                deals.Add(Deal($"{id}-D{d:D3}", id, random, q, target));
            if (p % 7 == 0) deals.Add(Inputs.Deal($"{id}-EDGE", 13_999m, list: 20_000m, partnerId: id)); // discount 0.30005 → 0.3001: eroded
            if (p % 11 == 0) deals.Add(Inputs.Deal($"{id}-FLAT", 14_000m, list: 20_000m, partnerId: id)); // discount exactly 0.30: not eroded

            var metrics = new List<MetricReading>();
            if (p % 13 == 0) metrics.AddRange([Csat(id, 3.9999m, q.Start), Csat(id, 4.0m, q.End)]); // mean 3.99995 → 4.0000: gate passes
            else for (var m = 0; m < random.Next(0, 4); m++) metrics.Add(Csat(id, random.Next(370, 430) / 100m, q.Start.AddDays(m * 30)));

            var revenue = deals.Where(d => d.Status == DealStatus.Won).Sum(d => d.UsdNet);
            var lastYear = random.Next(0, 10) < 7 ? Money.Cents(revenue * random.Next(60, 110) / 100m) : (decimal?)null;
            inputs.Add(new PayoutInput
            {
                Partner = new(id, $"Reseller {p}", PartnerType.Reseller, 0m, target, q.Start.AddDays(-random.Next(200, 800))),
                Quarter = q,
                Deals = deals,
                Metrics = metrics,
                HeldDealIds = deals.Count > 3 && p % 5 == 0 ? [deals[2].DealId] : [],
                History = lastYear is { } r ? [new ClosedQuarter(q.YearEarlier(), "qualified", r, 0.09m, 0m)] : [],
            });
        }

        return new GeneratedQuarter(inputs);
    }

    private static MetricReading Csat(string partnerId, decimal value, DateOnly date) => new(partnerId, date, MetricNames.Csat, value);

    private static NormalisedDeal Deal(string dealId, string partnerId, Random random, Quarter q, decimal target)
    {
        var net = random.Next(100, (int)Math.Min(int.MaxValue, target * 40m)) / 100m;
        var list = random.Next(0, 4) == 0 ? Money.Cents(net / (1m - random.Next(0, 5000) / 10_000m)) : net;
        var deal = Inputs.Deal(dealId, net, list, closed: q.Start.AddDays(random.Next(-5, 95)), partnerId: partnerId);
        return random.Next(0, 10) switch
        {
            0 => deal with { Status = DealStatus.Refunded, RefundDate = q.End },
            1 => deal with { Status = DealStatus.Refunded, RefundDate = q.End.AddDays(1) },
            _ => deal,
        };
    }

    public IEnumerable<string> InsertStatements()
    {
        yield return "CREATE TABLE partners (partner_id VARCHAR, target DECIMAL(18,2), joined DATE)";
        yield return "CREATE TABLE deals (partner_id VARCHAR, deal_id VARCHAR, close_date DATE, list_amount DECIMAL(18,2), net_amount DECIMAL(18,2), usd_net DECIMAL(18,2), status VARCHAR, refund_date DATE, held BOOLEAN)";
        yield return "CREATE TABLE metrics (partner_id VARCHAR, date DATE, metric VARCHAR, value DECIMAL(18,6))";
        yield return "CREATE TABLE closed (partner_id VARCHAR, quarter VARCHAR, revenue DECIMAL(18,2))";
        yield return Insert("partners", PartnerInputs.Select(i => $"('{i.Partner.PartnerId}', {N(i.Partner.QuarterlyTarget)}, {D(i.Partner.Joined)})"));
        yield return Insert("deals", PartnerInputs.SelectMany(i => i.Deals.Select(d =>
            $"('{d.PartnerId}', '{d.DealId}', {D(d.CloseDate)}, {N(d.ListAmount)}, {N(d.NetAmount)}, {N(d.UsdNet)}, "
            + $"'{(d.Status == DealStatus.Won ? "won" : "refunded")}', {(d.RefundDate is { } r ? D(r) : "NULL")}, {(i.HeldDealIds.Contains(d.DealId) ? "true" : "false")})")));
        yield return Insert("metrics", PartnerInputs.SelectMany(i => i.Metrics.Select(m => $"('{m.PartnerId}', {D(m.Date)}, '{m.Metric}', {N(m.Value)})")));
        yield return Insert("closed", PartnerInputs.SelectMany(i => i.History.Select(h => $"('{i.Partner.PartnerId}', '{h.Quarter}', {N(h.Revenue)})")));
    }

    private static string Insert(string table, IEnumerable<string> rows)
    {
        var values = rows.ToList();
        return values.Count == 0 ? "SELECT 1" : new StringBuilder($"INSERT INTO {table} VALUES ").AppendJoin(",\n", values).ToString();
    }

    private static string N(decimal value) => value.ToString(CultureInfo.InvariantCulture);
    private static string D(DateOnly date) => $"DATE '{date:yyyy-MM-dd}'";
}
