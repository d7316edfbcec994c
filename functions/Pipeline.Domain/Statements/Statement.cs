namespace Pipeline.Domain.Statements;

/// <summary>
/// A partner's statement for one quarter, ready to lay out: sections in reading order, figures as
/// decimals (renderers format them), and totals already checked against the lines.
/// </summary>
public sealed record Statement
{
    public required StatementHeader Header { get; init; }
    public required ScorecardSection Scorecard { get; init; }
    public required TierSection Tier { get; init; }

    /// <summary>Lines earned this quarter (base, bonuses, bands, eroded deals), in the payout's order.</summary>
    public required IReadOnlyList<StatementLine> Earnings { get; init; }

    /// <summary>Clawbacks, prior-period and finance adjustments, in the payout's order.</summary>
    public required IReadOnlyList<StatementLine> Adjustments { get; init; }

    /// <summary>Every line in the payout's order: what the CSV lists.</summary>
    public required IReadOnlyList<StatementLine> Lines { get; init; }

    public required StatementTotals Totals { get; init; }
    public required IReadOnlyList<string> Notices { get; init; }

    /// <summary>What changed in the partner's terms since the previous closed quarter (program version, registry entry).</summary>
    public IReadOnlyList<string> TermsChanges { get; init; } = [];

    /// <summary>The partner's inquiries: open ones, and those resolved since the quarter began with their outcome.</summary>
    public IReadOnlyList<string> Inquiries { get; init; } = [];
    public required IReadOnlyList<AnomalyUnderReview> AnomaliesUnderReview { get; init; }
    public required IReadOnlyList<HeldDeal> HeldDeals { get; init; }

    /// <summary>How the total was reached, sentence by sentence.</summary>
    public required IReadOnlyList<string> Explanation { get; init; }

    /// <summary>True when a high-severity finding holds the payout until finance decides.</summary>
    public bool PayoutHeld => AnomaliesUnderReview.Any(a => a.HoldsPayout);
}

public sealed record StatementHeader(
    string PartnerId,
    string PartnerName,
    string PartnerType,
    string PlanId,
    string PlanName,
    string ProgramVersion,
    Quarter Quarter,
    DateOnly PeriodStart,
    DateOnly PeriodEnd);

/// <summary>What was measured. Agency: metrics against thresholds. Reseller: revenue R against target T.</summary>
public sealed record ScorecardSection(
    IReadOnlyList<ScorecardRow> Rows,
    string AttainmentLabel,
    decimal Attainment,
    decimal? Revenue,
    decimal? Target,
    decimal? EffectiveRate);

/// <param name="Kind">How the value and threshold read: a percentage, money, hours...</param>
/// <param name="Met">Attainment ≥ 1 when the calculator gave an attainment; null when it did not.</param>
public sealed record ScorecardRow(
    string MetricId,
    string Label,
    ScorecardValueKind Kind,
    decimal? Value,
    decimal Threshold,
    decimal? Attainment,
    decimal Weight,
    bool? Met,
    string Note);

public enum ScorecardValueKind
{
    Number,
    Percent,
    Money,
    Hours,
    Score,
}

public sealed record TierSection(string Tier, string Label, string Meaning, int Streak);

/// <param name="Label">Rule id in words, e.g. "Performance bonus".</param>
/// <param name="Note">Why the line is there when the calculator's description does not say (prior-period reasons).</param>
public sealed record StatementLine(
    string RuleId,
    string Label,
    string Description,
    decimal Basis,
    decimal Rate,
    decimal Amount,
    string Formula,
    string? Note);

/// <summary>Subtotals a reader adds up by hand: earnings + adjustments = total earned; total − advance = balance due.</summary>
public sealed record StatementTotals(
    decimal Earnings,
    decimal Adjustments,
    decimal TotalEarned,
    decimal Advance,
    decimal BalanceDue);
