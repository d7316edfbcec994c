namespace Pipeline.Dev.CrossChecks;

/// <summary>
/// The reference reseller plan written a second way, as SQL, from docs/program.md ("Resellers") and
/// not from the program file or the calculator's code, over the Parquet lake: deals are read with
/// <c>read_parquet('…/deals/*/*.parquet', hive_partitioning = true)</c> as the ingest wrote them.
/// Exact decimal arithmetic only: DuckDB divides decimals into doubles, so every "round to 4 dp, then compare"
/// is restated as an exact comparison (round(1 − net/list, 4) &gt; 0.30 ⇔ net ≤ 0.69995 × list;
/// round(mean, 4) ≥ 4.0 ⇔ Σ ≥ 3.99995 × n).
/// Tables besides the lake (see <see cref="GeneratedResellers.SetupStatements"/>): partners(partner_id, target, joined),
/// held(partner_id, deal_id), metrics(partner_id, date, metric, value), closed(partner_id, quarter, revenue).
/// </summary>
public static class ResellerPlanSql
{
    /// <summary>One row per payout line: partner_id, rule ('band:1'..'band:4' or 'eroded-deals'), amount.</summary>
    public static string Lines(string dealsGlob) => LinesTemplate.Replace("{deals}", dealsGlob.Replace("'", "''", StringComparison.Ordinal), StringComparison.Ordinal);

    /// <summary>Total of <see cref="Lines"/>: partners with a line, and the sum of all amounts.</summary>
    public static string Total(string dealsGlob) => $"SELECT count(DISTINCT partner_id), sum(amount) FROM ({Lines(dealsGlob)})";

    private const string LinesTemplate = """
        WITH q AS (SELECT DATE '2026-07-01' AS qs, DATE '2026-09-30' AS qe),
        deals AS (
            SELECT d.partner_id, d.deal_id, d.close_date, d.list_amount, d.net_amount, d.usd_net, d.status, d.refund_date,
                   h.deal_id IS NOT NULL AS held
            FROM read_parquet('{deals}', hive_partitioning = true) d
            LEFT JOIN held h ON h.partner_id = d.partner_id AND h.deal_id = d.deal_id
        ),
        qualifying AS (
            SELECT d.partner_id, d.usd_net,
                   d.list_amount > 0 AND d.net_amount < d.list_amount AND d.net_amount <= 0.69995 * d.list_amount AS eroded
            FROM deals d, q
            WHERE d.close_date BETWEEN q.qs AND q.qe
              AND NOT d.held
              AND (d.status = 'won' OR d.refund_date > q.qe)
        ),
        revenue AS (
            SELECT p.partner_id, p.target, p.joined,
                   COALESCE(SUM(x.usd_net) FILTER (WHERE NOT x.eroded), 0) AS r,
                   COALESCE(SUM(x.usd_net) FILTER (WHERE x.eroded), 0) AS eroded_net
            FROM partners p LEFT JOIN qualifying x USING (partner_id)
            GROUP BY p.partner_id, p.target, p.joined
        ),
        csat AS (
            SELECT m.partner_id, SUM(m.value) >= 3.99995 * COUNT(*) AS gate_passed
            FROM metrics m, q
            WHERE m.metric = 'csat' AND m.date BETWEEN q.qs AND q.qe
            GROUP BY m.partner_id
        ),
        rates AS (
            SELECT v.*,
                   CASE WHEN date_diff('day', v.joined, DATE '2026-07-01') >= 365
                             AND c.revenue IS NOT NULL AND v.r >= 1.20 * c.revenue THEN 0.01 ELSE 0 END AS uplift,
                   CASE WHEN COALESCE(g.gate_passed, false) THEN 0.14 ELSE 0.10 END AS accelerator
            FROM revenue v
            LEFT JOIN csat g USING (partner_id)
            LEFT JOIN closed c ON c.partner_id = v.partner_id AND c.quarter = '2025Q3'
        ),
        bands AS (
            SELECT partner_id, r, 1 AS band, 0.00 AS lo, ROUND(0.8 * target, 2) AS hi, 0.08 + uplift AS rate FROM rates
            UNION ALL SELECT partner_id, r, 2, ROUND(0.8 * target, 2), ROUND(1.0 * target, 2), 0.10 + uplift FROM rates
            UNION ALL SELECT partner_id, r, 3, ROUND(1.0 * target, 2), ROUND(1.5 * target, 2), accelerator + uplift FROM rates
            UNION ALL SELECT partner_id, r, 4, ROUND(1.5 * target, 2), NULL, 0.10 + uplift FROM rates
        ),
        band_lines AS (
            SELECT partner_id, 'band:' || band AS rule,
                   GREATEST(0, COALESCE(LEAST(r, hi), r) - lo) AS basis, rate
            FROM bands
        )
        SELECT partner_id, rule, CAST(ROUND(basis * rate, 2) AS DECIMAL(18, 2)) AS amount FROM band_lines WHERE basis > 0
        UNION ALL
        SELECT partner_id, 'eroded-deals', CAST(ROUND(eroded_net * 0.04, 2) AS DECIMAL(18, 2)) FROM revenue WHERE eroded_net > 0
        ORDER BY partner_id, rule
        """;
}
