using System.Globalization;
using Pipeline.Domain.Partners;
using Pipeline.Domain.Payouts;
using Pipeline.Domain.Programs;

namespace Pipeline.Domain.Projections;

/// <summary>Where a partner stands in its plan and what it takes to reach the next tier or band.</summary>
/// <param name="Standing">The tier (agency) or band (reseller) reached, e.g. "at" or "target (10%)".</param>
/// <param name="Next">The next tier or band, or null at the top.</param>
/// <param name="Steps">One sentence per condition still to meet, e.g. "USD 12,345.00 more revenue reaches band target (10%)".</param>
public sealed record TierGuidance(string Standing, string? Next, IReadOnlyList<string> Steps);

/// <summary>
/// What it takes to reach the next tier, from a payout computed on quarter-to-date data. Pure: reads the plan's blocks
/// (tiers with their conditions, bands with their edges, gates) and the scorecard the calculator measured, so the
/// guidance follows the program as finance wrote it.
/// </summary>
public static class NextTierGuidance
{
    public static TierGuidance For(PlanDefinition plan, Partner partner, PayoutResult result)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(partner);
        ArgumentNullException.ThrowIfNull(result);
        if (plan.Tiers is { Count: > 0 } tiers) return ForTiers(tiers, result);
        if (plan.Bands is { Count: > 0 } bands) return ForBands(plan, bands, partner.QuarterlyTarget, result);
        return new TierGuidance(result.Tier, null, []);
    }

    private static TierGuidance ForTiers(IReadOnlyList<TierRule> tiers, PayoutResult result)
    {
        var index = Math.Max(0, tiers.ToList().FindIndex(t => t.Id == result.Tier));
        if (index == tiers.Count - 1) return new TierGuidance(result.Tier, null, ["You are in the top tier: keep every metric at or above its threshold to stay there."]);

        var next = tiers[index + 1];
        var steps = new List<string>();
        if (next.AllMetricsMet)
        {
            foreach (var entry in result.Scorecard.Where(e => e.Weight > 0m))
            {
                if (entry.Value is not { } value) steps.Add($"{entry.Name} needs {Number(entry.Threshold)}; nothing reported yet this quarter.");
                else if (value < entry.Threshold) steps.Add($"{entry.Name} needs {Number(entry.Threshold)}, you have {Number(value)}.");
            }
        }

        if (next.MinAttainment is { } min && result.Attainment < min)
            steps.Add($"Composite attainment needs {Number(min)}, you have {Number(result.Attainment)}.");
        return new TierGuidance(result.Tier, next.Id, steps);
    }

    private static TierGuidance ForBands(PlanDefinition plan, IReadOnlyList<Band> bands, decimal target, PayoutResult result)
    {
        if (target <= 0m) return new TierGuidance(result.Tier, null, ["No quarterly target is set, so no band applies."]);
        var revenue = result.Revenue;
        // The band holding the next dollar: the last whose lower edge the revenue has reached (edges are cents, as the calculator rounds them).
        var current = bands.LastOrDefault(b => Money.Cents(b.From * target) <= revenue) ?? bands[0];
        var position = bands.ToList().IndexOf(current);
        var steps = new List<string>();
        string? next = null;
        if (position < bands.Count - 1)
        {
            var upcoming = bands[position + 1];
            next = BandName(upcoming);
            var missing = Money.Cents(upcoming.From * target) - revenue;
            // A band with a lower rate (the accelerator cap) is not a goal: say how much more still earns the current
            // band's rate, as its gates leave it.
            var earning = EffectiveRate(plan, current, result);
            steps.Add(upcoming.Rate >= earning
                ? string.Create(CultureInfo.InvariantCulture, $"USD {missing:#,##0.00} more qualifying revenue reaches band {next}.")
                : string.Create(CultureInfo.InvariantCulture, $"USD {missing:#,##0.00} more qualifying revenue still earns {Lines.Percent(earning)}; above that, band {next} applies."));
        }

        foreach (var gate in plan.Gates ?? ValueList.Empty<MetricGate>())
        {
            var entry = result.Scorecard.FirstOrDefault(e => e.Name == gate.Metric);
            var mean = entry?.Value;
            if (mean is { } m && m >= gate.MinMean) continue;
            steps.Add(mean is { } have
                ? $"Band {gate.Band} pays its full rate only with a mean {gate.Metric} of {Number(gate.MinMean)}; you have {Number(have)}."
                : $"Band {gate.Band} pays its full rate only with a mean {gate.Metric} of {Number(gate.MinMean)}; nothing reported yet this quarter.");
        }

        return new TierGuidance(BandName(current), next, steps);
    }

    private static decimal EffectiveRate(PlanDefinition plan, Band band, PayoutResult result)
    {
        foreach (var gate in (plan.Gates ?? ValueList.Empty<MetricGate>()).Where(g => g.Band == band.Id))
        {
            var mean = result.Scorecard.FirstOrDefault(e => e.Name == gate.Metric)?.Value;
            if (mean is not { } m || m < gate.MinMean) return gate.RateWhenFailed;
        }

        return band.Rate;
    }

    private static string BandName(Band band) => $"{band.Id} ({Lines.Percent(band.Rate)})";

    private static string Number(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
