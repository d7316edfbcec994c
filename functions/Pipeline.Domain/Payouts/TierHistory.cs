using Pipeline.Domain.Programs;

namespace Pipeline.Domain.Payouts;

/// <summary>
/// The partner's tiers quarter by quarter, as recorded when each quarter was closed, plus the quarter being
/// computed. Streaks stop at the first quarter that is missing (never closed) or in another tier.
/// </summary>
internal sealed class TierHistory
{
    private readonly Dictionary<Quarter, ClosedQuarter> closed;
    private readonly Quarter current;
    private readonly string currentTier;

    public TierHistory(IEnumerable<ClosedQuarter> history, Quarter current, string currentTier)
    {
        closed = [];
        // Only quarters before this one count; a later duplicate record of the same quarter supersedes an earlier one.
        foreach (var q in history.Where(h => h.Quarter < current)) closed[q.Quarter] = q;
        this.current = current;
        this.currentTier = currentTier;
    }

    public ClosedQuarter? Closed(Quarter quarter) => closed.GetValueOrDefault(quarter);

    /// <summary>Consecutive quarters, ending with the current one, whose tier satisfies <paramref name="inTier"/>.</summary>
    public int Streak(Func<string, bool> inTier)
    {
        if (!inTier(currentTier)) return 0;
        var streak = 1;
        for (var q = current.Previous(); closed.TryGetValue(q, out var record) && inTier(record.Tier); q = q.Previous()) streak++;
        return streak;
    }

    /// <summary>The streak above the plan's fallback (lowest) tier: "at or above" in the reference agency plan.</summary>
    public int StreakAboveLowest(PlanDefinition plan)
    {
        var lowest = plan.TierIds()[0];
        return Streak(t => !string.Equals(t, lowest, StringComparison.Ordinal));
    }

    public IReadOnlyList<string> Notices(PlanDefinition plan, List<string> explanation)
    {
        var notices = new List<string>();
        foreach (var rule in plan.Notices ?? ValueList.Empty<NoticeRule>())
        {
            var streak = Streak(t => rule.Tiers.Contains(t));
            if (streak < rule.MinConsecutiveQuarters) continue;
            notices.Add(rule.Text);
            explanation.Add($"Notice ({rule.Id}): {streak} consecutive quarter(s) in {string.Join(" or ", rule.Tiers)}, at least {rule.MinConsecutiveQuarters}.");
        }

        return notices;
    }
}
