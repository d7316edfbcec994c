using Pipeline.Domain.Payouts;

namespace Pipeline.Domain.Statements;

/// <summary>Builds finance's quarter summary. Pure, and ordered so that the same inputs give the same document.</summary>
public static class FinanceSummaryBuilder
{
    public static FinanceSummary Build(FinanceSummaryInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var results = input.Results.OrderBy(r => r.PartnerId, StringComparer.Ordinal).ToList();
        var wrongQuarter = results.FirstOrDefault(r => r.Quarter != input.Quarter);
        if (wrongQuarter is not null)
            throw new ArgumentException($"Payout of {wrongQuarter.PartnerId} is for {wrongQuarter.Quarter}, not {input.Quarter}.", nameof(input));

        // Eroded deals are revenue too, only paid differently: the program's cost is set against all of it.
        decimal RevenueOf(PayoutResult r) => input.PartnerRevenue.TryGetValue(r.PartnerId, out var v) ? v : r.Revenue + r.ErodedRevenue;

        var held = input.Holds.Select(h => h.PartnerId).ToHashSet(StringComparer.Ordinal);
        var partners = results
            .Select(r => new PartnerSummaryRow(
                r.PartnerId, r.PartnerName, r.PartnerType, r.PlanId, r.Tier, RevenueOf(r),
                r.TotalEarned, r.Advance, r.BalanceDue,
                input.PreviousTotals.TryGetValue(r.PartnerId, out var p) ? p : null,
                held.Contains(r.PartnerId)))
            .ToList();

        var revenue = partners.Sum(p => p.PartnerRevenue);
        var cost = partners.Sum(p => p.TotalEarned);
        return new FinanceSummary
        {
            Quarter = input.Quarter,
            Totals = new FinanceTotals(
                partners.Count, cost, partners.Sum(p => p.Advance), partners.Sum(p => p.BalanceDue),
                revenue, Ratio(cost, revenue), input.Holds.Sum(h => h.AmountHeld)),
            ByPlan = partners
                .GroupBy(p => p.PlanId, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new PlanTotal(
                    g.Key, RuleLabels.Humanize(g.Key), g.Count(),
                    g.Sum(p => p.TotalEarned), g.Sum(p => p.Advance), g.Sum(p => p.BalanceDue),
                    g.Sum(p => p.PartnerRevenue), Ratio(g.Sum(p => p.TotalEarned), g.Sum(p => p.PartnerRevenue))))
                .ToList(),
            ByTier = partners
                .GroupBy(p => (p.PartnerType, p.Tier))
                .OrderBy(g => g.Key.PartnerType, StringComparer.Ordinal).ThenBy(g => TierOrder(g.Key.Tier)).ThenBy(g => g.Key.Tier, StringComparer.Ordinal)
                .Select(g => new TierTotal(g.Key.PartnerType, g.Key.Tier, TierLabels.For(g.Key.Tier, 0).Label, g.Count(), g.Sum(p => p.TotalEarned)))
                .ToList(),
            Holds = [.. input.Holds.OrderBy(h => h.PartnerId, StringComparer.Ordinal).ThenBy(h => h.Check, StringComparer.Ordinal)],
            Decisions = [.. input.Decisions.OrderBy(d => d.DecidedAt).ThenBy(d => d.PartnerId, StringComparer.Ordinal)],
            Inquiries = input.Inquiries,
            LargestChanges = LargestChanges(partners, input.LargestChangesCount),
            Partners = partners,
        };
    }

    // Biggest money movements first, whichever the direction; a new partner counts from zero.
    private static List<PartnerChange> LargestChanges(IEnumerable<PartnerSummaryRow> partners, int count) =>
        partners
            .Select(p => new PartnerChange(
                p.PartnerId, p.PartnerName, p.PreviousTotal, p.TotalEarned,
                p.TotalEarned - (p.PreviousTotal ?? 0m),
                p.PreviousTotal is { } prev && prev != 0 ? Money.Ratio((p.TotalEarned - prev) / prev) : null))
            .Where(c => c.Change != 0)
            .OrderByDescending(c => Math.Abs(c.Change))
            .ThenBy(c => c.PartnerId, StringComparer.Ordinal)
            .Take(count)
            .ToList();

    private static decimal? Ratio(decimal cost, decimal revenue) => revenue == 0 ? null : Money.Ratio(cost / revenue);

    private static int TierOrder(string tier) => tier switch
    {
        "above" or "qualified" => 0,
        "at" => 1,
        "below" => 2,
        _ => 3,
    };
}
