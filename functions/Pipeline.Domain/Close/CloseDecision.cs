namespace Pipeline.Domain.Close;

/// <summary>What finance decided about a held payout.</summary>
public static class DecisionActions
{
    /// <summary>Pay the held deals: they qualify.</summary>
    public const string Release = "release";
    /// <summary>Pay without the held deals (what the close computes while the hold stands).</summary>
    public const string ExcludeHeld = "exclude-held";
    /// <summary>Add a finance-adjustment line (amount and reason); the held deals stay out.</summary>
    public const string Adjust = "adjust";

    /// <summary>Confirm another finance user's adjustment above the program's second-approver limit: only then is it paid.</summary>
    public const string Confirm = "confirm";

    /// <summary>Approve the quarter's totals (programs that ask for it): then the close publishes statements.</summary>
    public const string ApproveTotals = "approve-totals";

    /// <summary>The partner id of a decision that applies to every held partner not decided otherwise.</summary>
    public const string AllPartners = "*";

    public static bool IsKnown(string action) => action is Release or ExcludeHeld or Adjust or Confirm or ApproveTotals;
}

/// <summary>A finance decision as raised (event "decision") and stored: who, when and why.</summary>
public sealed record CloseDecision(string Partner, string Action, decimal? Amount, string Reason, string By, DateTimeOffset At = default, string Id = "")
{
    /// <summary>Refuses decisions that cannot be applied or audited.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Partner)) throw new ArgumentException("A decision names a partner (or * for all).");
        if (!DecisionActions.IsKnown(Action)) throw new ArgumentException($"Unknown action '{Action}': release, exclude-held, adjust, confirm or approve-totals.");
        if (Action == DecisionActions.Adjust && Amount is null) throw new ArgumentException("An adjust decision needs an amount.");
        if (Action != DecisionActions.Adjust && Amount is not null) throw new ArgumentException($"A {Action} decision has no amount.");
        if (Partner == DecisionActions.AllPartners && Action is DecisionActions.Adjust or DecisionActions.Confirm)
            throw new ArgumentException($"A {Action} decision names one partner.");
        if (Partner != DecisionActions.AllPartners && Action == DecisionActions.ApproveTotals)
            throw new ArgumentException("An approve-totals decision is for the whole quarter (partner *).");
        if (Amount is { } amount && (Math.Abs(amount) > Ingest.LakeLimits.MaxAmount || decimal.Round(amount, 2) != amount))
            throw new ArgumentException($"An adjustment is an amount in USD with at most two decimals, at most {Ingest.LakeLimits.MaxAmount:N2} either way.");
        if (string.IsNullOrWhiteSpace(Reason)) throw new ArgumentException("A decision needs a reason.");
        if (string.IsNullOrWhiteSpace(By)) throw new ArgumentException("A decision needs the name of who decided.");
    }

    public bool AppliesTo(string partnerId) => Partner == DecisionActions.AllPartners || Partner == partnerId;
}
