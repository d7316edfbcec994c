using Pipeline.Domain.Partners;
using Pipeline.Domain.Programs;

namespace Pipeline.Domain.Payouts;

/// <summary>
/// The commission lines (docs/program.md, "Resellers"): one per band on revenue R (gates and the growth uplift adjust band rates),
/// the flat rate on eroded deals, and clawbacks of earlier paid deals refunded now.
/// </summary>
internal static class CommissionRules
{
    /// <summary>Adds the band and eroded-deal lines; returns the effective rate (band lines / R, 4 dp; 0 when R = 0).</summary>
    public static decimal AddLines(PlanDefinition plan, Partner partner, Quarter quarter, DealQualification deals,
        QuarterMetrics metrics, TierHistory history, List<PayoutLine> lines, List<ScorecardEntry> scorecard, List<string> explanation)
    {
        var bands = plan.Bands ?? ValueList.Empty<Band>();
        var r = deals.Revenue;
        var t = partner.QuarterlyTarget;
        var gatedRates = GatedRates(plan, metrics, scorecard, explanation);
        var uplift = Uplift(plan, partner, quarter, r, history, explanation);

        var bandTotal = 0m;
        foreach (var band in bands)
        {
            // Band edges are money, so they are rounded to cents like every amount.
            var from = Money.Cents(band.From * t);
            var to = band.To is { } upper ? Money.Cents(upper * t) : decimal.MaxValue;
            var inside = Math.Max(0m, Math.Min(r, to) - from);
            var gated = gatedRates.TryGetValue(band.Id, out var gatedRate);
            var rate = (gated ? gatedRate : band.Rate) + uplift;
            var range = band.To is { } u
                ? $"{Lines.Number(band.From)}–{Lines.Number(u)} T: {Lines.Amount(from)} to {Lines.Amount(to)}"
                : $"above {Lines.Number(band.From)} T: over {Lines.Amount(from)}";
            var notes = (gated ? ", gate not met" : "") + (uplift > 0m ? $", growth uplift +{Lines.Rate(uplift)}" : "");
            Lines.Add(lines, RuleIds.Band, $"Band {band.Id} ({range}){notes}", inside, rate);
            if (inside > 0m) bandTotal += lines[^1].Amount;
        }

        var effectiveRate = r > 0m ? Money.Ratio(bandTotal / r) : 0m;
        explanation.Add(r > 0m
            ? $"The band lines add up to {Lines.Amount(bandTotal)}: an effective rate of {Lines.Amount(bandTotal)} / {Lines.Amount(r)} = {Lines.Ratio(effectiveRate)}."
            : "No qualifying revenue this quarter, so no band pays.");

        if (plan.ErodedDeals is { } erosion)
        {
            Lines.Add(lines, RuleIds.ErodedDeals, $"{deals.Eroded.Count} eroded deal(s), discount above {Lines.Percent(erosion.DiscountAbove)}", deals.ErodedRevenue, erosion.Rate);
            if (deals.Eroded.Count > 0)
                explanation.Add($"{deals.Eroded.Count} deal(s) discounted by more than {Lines.Percent(erosion.DiscountAbove)} ({string.Join(", ", deals.Eroded.Select(d => d.DealId))}) "
                    + $"are paid a flat {Lines.Percent(erosion.Rate)} on {Lines.Amount(deals.ErodedRevenue)} and left out of R.");
        }

        return effectiveRate;
    }

    public static void AddClawbacks(PlanDefinition plan, Quarter quarter, IEnumerable<RefundedEarlierDeal> refunded, List<PayoutLine> lines, List<string> explanation)
    {
        if (plan.Clawback is not { Enabled: true }) return;
        foreach (var deal in refunded.OrderBy(d => d.PaidIn).ThenBy(d => d.Paid.DealId, StringComparer.Ordinal))
        {
            if (deal.PaidIn >= quarter)
                throw new ArgumentException($"Deal {deal.Paid.DealId} was paid in {deal.PaidIn}, not before {quarter}: only earlier quarters can be clawed back.", nameof(refunded));
            var paidAs = deal.Paid.Eroded ? "the eroded-deal rate" : $"{deal.PaidIn}'s effective rate";
            Lines.AddTakeBack(lines, RuleIds.Clawback, $"Clawback of deal {deal.Paid.DealId}, paid in {deal.PaidIn} at {paidAs}", deal.Paid.UsdNet, deal.Paid.Rate);
            explanation.Add($"Deal {deal.Paid.DealId}, paid in {deal.PaidIn} at {Lines.Rate(deal.Paid.Rate)} ({paidAs}), was refunded: "
                + $"{Lines.Amount(Money.Cents(deal.Paid.UsdNet * deal.Paid.Rate))} is taken back.");
        }
    }

    /// <summary>Band id → replacement rate for every gate that fails (metric mean below the minimum, or not reported).</summary>
    private static Dictionary<string, decimal> GatedRates(PlanDefinition plan, QuarterMetrics metrics, List<ScorecardEntry> scorecard, List<string> explanation)
    {
        var rates = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var gate in plan.Gates ?? ValueList.Empty<MetricGate>())
        {
            var mean = metrics.Mean(gate.Metric);
            var passed = mean >= gate.MinMean;
            scorecard.Add(new ScorecardEntry(gate.Metric, mean, gate.MinMean, null, 0m,
                passed ? $"gate passed: band {gate.Band} pays its full rate" : $"gate failed: band {gate.Band} pays {Lines.Rate(gate.RateWhenFailed)}"));
            if (passed) continue;
            rates[gate.Band] = gate.RateWhenFailed;
            explanation.Add((mean is { } m ? $"Mean {gate.Metric} {Lines.Ratio(m)} is below {Lines.Number(gate.MinMean)}" : $"No {gate.Metric} was reported")
                + $", so band {gate.Band} pays {Lines.Rate(gate.RateWhenFailed)}.");
        }

        return rates;
    }

    /// <summary>The growth uplift added to every band rate, or 0 (the "year-two uplift" of docs/program.md, "Resellers").</summary>
    private static decimal Uplift(PlanDefinition plan, Partner partner, Quarter quarter, decimal r, TierHistory history, List<string> explanation)
    {
        if (plan.GrowthUplift is not { } growth) return 0m;
        var days = quarter.Start.DayNumber - partner.Joined.DayNumber;
        var yearEarlier = quarter.YearEarlier();
        if (days < growth.MinDaysSinceJoined)
        {
            explanation.Add($"No growth uplift: the partner joined {days} day(s) before the quarter started, fewer than {growth.MinDaysSinceJoined}.");
            return 0m;
        }

        if (history.Closed(yearEarlier) is not { } earlier)
        {
            explanation.Add($"No growth uplift: {yearEarlier} was never closed for this partner.");
            return 0m;
        }

        var needed = growth.MinGrowth * earlier.Revenue;
        if (r < needed)
        {
            explanation.Add($"No growth uplift: R = {Lines.Amount(r)} is below {Lines.Number(growth.MinGrowth)} × {Lines.Amount(earlier.Revenue)} ({yearEarlier}) = {Lines.Amount(needed)}.");
            return 0m;
        }

        explanation.Add($"Growth uplift: R = {Lines.Amount(r)} is at least {Lines.Number(growth.MinGrowth)} × {Lines.Amount(earlier.Revenue)} ({yearEarlier}), "
            + $"so every band pays {Lines.Rate(growth.RateIncrease)} more.");
        return growth.RateIncrease;
    }
}
