using Pipeline.Domain.Programs;

namespace Pipeline.Domain.Payouts;

/// <summary>
/// What-if: the same partners' quarters computed under the current program (baseline) and an edited one
/// (candidate), with the cost of incentives in total, by plan, by tier and for the partners who change most.
/// Nothing is published; this is the model the <c>simulate</c> verb prints.
/// </summary>
public sealed record ProgramComparison
{
    public required string Baseline { get; init; }
    public required string Candidate { get; init; }
    public required decimal BaselineTotal { get; init; }
    public required decimal CandidateTotal { get; init; }
    public decimal Change => CandidateTotal - BaselineTotal;

    public required IReadOnlyList<CostGroup> ByPlan { get; init; }
    public required IReadOnlyList<CostGroup> ByTier { get; init; }

    /// <summary>Partners whose total earned changes, largest change (either way) first.</summary>
    public required IReadOnlyList<PartnerChange> TopChanges { get; init; }

    public required IReadOnlyList<PayoutResult> BaselineResults { get; init; }
    public required IReadOnlyList<PayoutResult> CandidateResults { get; init; }
}

/// <summary>Partners and total earned in one plan (Tier null) or one plan's tier, under each program.</summary>
public sealed record CostGroup(string Plan, string? Tier, int BaselinePartners, decimal BaselineTotal, int CandidatePartners, decimal CandidateTotal)
{
    public decimal Change => CandidateTotal - BaselineTotal;
}

public sealed record PartnerChange(
    string PartnerId, string PartnerName, Quarter Quarter, string BaselineTier, string CandidateTier, decimal BaselineTotal, decimal CandidateTotal)
{
    public decimal Change => CandidateTotal - BaselineTotal;
}

public static class ProgramComparer
{
    public static ProgramComparison Compare(IReadOnlyList<PayoutInput> inputs, IncentiveProgram baseline, IncentiveProgram candidate, int topChanges = 10)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(topChanges);
        var before = inputs.Select(i => PayoutCalculator.Calculate(baseline, i)).ToList();
        var after = inputs.Select(i => PayoutCalculator.Calculate(candidate, i)).ToList();

        var changes = before.Zip(after, (b, a) => new PartnerChange(b.PartnerId, b.PartnerName, b.Quarter, b.Tier, a.Tier, b.TotalEarned, a.TotalEarned))
            .Where(c => c.Change != 0m)
            .OrderByDescending(c => Math.Abs(c.Change))
            .ThenBy(c => c.PartnerId, StringComparer.Ordinal)
            .ThenBy(c => c.Quarter)
            .Take(topChanges)
            .ToList();

        return new ProgramComparison
        {
            Baseline = $"{baseline.Id} {baseline.Version}",
            Candidate = $"{candidate.Id} {candidate.Version}",
            BaselineTotal = before.Sum(r => r.TotalEarned),
            CandidateTotal = after.Sum(r => r.TotalEarned),
            ByPlan = Groups(before, after, r => (r.PlanId, null), (_, _) => 0),
            ByTier = Groups(before, after, r => (r.PlanId, r.Tier), (plan, tier) => TierRank(plan, tier, baseline, candidate)),
            TopChanges = changes,
            BaselineResults = before,
            CandidateResults = after,
        };
    }

    private static List<CostGroup> Groups(List<PayoutResult> before, List<PayoutResult> after,
        Func<PayoutResult, (string Plan, string? Tier)> key, Func<string, string?, int> rank)
    {
        var keys = before.Select(key).Concat(after.Select(key)).Distinct().ToList();
        return keys
            .OrderBy(k => k.Plan, StringComparer.Ordinal)
            .ThenBy(k => rank(k.Plan, k.Tier))
            .ThenBy(k => k.Tier, StringComparer.Ordinal)
            .Select(k =>
            {
                var b = before.Where(r => key(r) == k).ToList();
                var a = after.Where(r => key(r) == k).ToList();
                return new CostGroup(k.Plan, k.Tier, b.Count, b.Sum(r => r.TotalEarned), a.Count, a.Sum(r => r.TotalEarned));
            })
            .ToList();
    }

    /// <summary>Tiers listed lowest first, in the plan's own order (baseline's, else candidate's), so tables read upwards.</summary>
    private static int TierRank(string planId, string? tier, IncentiveProgram baseline, IncentiveProgram candidate)
    {
        foreach (var program in new[] { baseline, candidate })
            if (program.Plans.FirstOrDefault(p => p.Id == planId) is { } plan && plan.TierIds().ToList().IndexOf(tier ?? "") is var i and >= 0)
                return i;
        return int.MaxValue;
    }
}
