using System.Globalization;
using Pipeline.Domain.Programs;

namespace Pipeline.Domain.Close;

/// <summary>
/// Where finance's decisions on a close stand: the partners still waiting, and the adjustments waiting for a second
/// approver (partner → who entered the adjustment). The close applies decisions through it in the order they were
/// recorded, whether they arrive now or are read back after a restart; the close client asks it first, so a decision
/// that would change nothing is refused with the reason.
/// </summary>
public sealed class FinanceDecisions
{
    private readonly SortedSet<string> _waiting;
    private readonly SortedDictionary<string, string> _confirming;
    private readonly ApprovalRules _rules;

    public FinanceDecisions(IEnumerable<string> held, ApprovalRules rules, IReadOnlyDictionary<string, string>? confirming = null)
    {
        _waiting = new SortedSet<string>(held, StringComparer.Ordinal);
        _confirming = new SortedDictionary<string, string>((IDictionary<string, string>?)confirming?.ToDictionary() ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        _rules = rules ?? ApprovalRules.None;
    }

    public IReadOnlyCollection<string> Waiting => _waiting;

    /// <summary>Adjustments above the second-approver limit not confirmed yet: partner → who entered it.</summary>
    public IReadOnlyDictionary<string, string> AwaitingConfirmation => _confirming;

    /// <summary>Why the decision cannot apply now, or null when it can.</summary>
    public string? Refusal(CloseDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (decision.Action == DecisionActions.ApproveTotals) return "not waiting for the approval of its totals yet: held payouts are decided first";
        if (decision.Partner == DecisionActions.AllPartners)
            return _waiting.Any(p => !_confirming.ContainsKey(p)) ? null
                : $"every partner still held waits for a second approver's confirm ({Confirming()})";
        if (!_waiting.Contains(decision.Partner))
            return $"not waiting for a decision on '{decision.Partner}' (held: {string.Join(", ", _waiting)})";
        if (_confirming.TryGetValue(decision.Partner, out var enteredBy))
        {
            if (decision.Action != DecisionActions.Confirm)
                return $"the adjustment for '{decision.Partner}' entered by {enteredBy} waits for a second approver to confirm it";
            if (string.Equals(decision.By, enteredBy, StringComparison.OrdinalIgnoreCase))
                return $"the adjustment for '{decision.Partner}' was entered by {enteredBy}; another finance user confirms it";
            return null;
        }

        return decision.Action == DecisionActions.Confirm ? $"no adjustment for '{decision.Partner}' waits for a second approver" : null;
    }

    /// <summary>Applies a decision that <see cref="Refusal"/> accepted.</summary>
    public void Apply(CloseDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (decision.Partner == DecisionActions.AllPartners)
        {
            _waiting.RemoveWhere(p => !_confirming.ContainsKey(p));
            return;
        }

        if (decision.Action == DecisionActions.Adjust && _rules.NeedsSecondApprover(decision.Amount ?? 0m))
        {
            _confirming[decision.Partner] = decision.By;
            return;
        }

        _confirming.Remove(decision.Partner);
        _waiting.Remove(decision.Partner);
    }

    /// <summary>"r-2 by ana, r-7 by ben": the adjustments waiting for a second approver, as the close's status shows them.</summary>
    public string Confirming() => string.Join(", ", _confirming.Select(kv => $"{kv.Key} by {kv.Value}"));

    /// <summary>The adjustments of <paramref name="partnerId"/> that are paid: those within the limit, and those above it
    /// that a different finance user confirmed after they were entered.</summary>
    public static IReadOnlyList<CloseDecision> PaidAdjustments(IReadOnlyList<CloseDecision> decisions, string partnerId, ApprovalRules rules)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        var mine = decisions.Where(d => d.Partner == partnerId).ToList();
        return [.. mine.Where((d, i) => d.Action == DecisionActions.Adjust
            && (!(rules ?? ApprovalRules.None).NeedsSecondApprover(d.Amount ?? 0m)
                || mine.Skip(i + 1).Any(c => c.Action == DecisionActions.Confirm && !string.Equals(c.By, d.By, StringComparison.OrdinalIgnoreCase))))];
    }

    /// <summary>The limit in words, for messages.</summary>
    public static string Limit(ApprovalRules rules) =>
        rules?.SecondApproverAbove is { } limit ? limit.ToString("#,##0.00", CultureInfo.InvariantCulture) : "none";
}
