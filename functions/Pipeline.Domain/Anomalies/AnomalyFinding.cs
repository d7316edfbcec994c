namespace Pipeline.Domain.Anomalies;

/// <summary>How a finding affects the close. Declared most severe first so sorting ascending puts high on top.</summary>
public enum AnomalySeverity
{
    /// <summary>Holds the partner's payout until finance decides.</summary>
    High,
    /// <summary>Shown to finance and on the statement; pays as computed.</summary>
    Medium,
    Low,
}

/// <summary>A named number behind a finding, e.g. <c>eroded_net = 2500.00</c>.</summary>
public sealed record EvidenceFigure(string Name, decimal Value);

/// <summary>
/// What a finding rests on. <see cref="Observed"/> crossed <see cref="Limit"/>; each check documents which figures
/// those are. Deal ids are bounded to <see cref="AnomalyFinding.MaxListedDeals"/> so a finding stays readable on a
/// statement; <see cref="DealCount"/> tells how many there were in all.
/// </summary>
public sealed record AnomalyEvidence(
    decimal Observed,
    decimal Limit,
    IReadOnlyList<EvidenceFigure> Figures,
    IReadOnlyList<string> DealIds,
    int DealCount)
{
    public decimal? Figure(string name) => Figures.FirstOrDefault(f => f.Name == name)?.Value;
}

/// <summary>
/// One anomaly found for one partner in one quarter. A high-severity finding holds the partner's payout;
/// <see cref="HeldDealIds"/> lists (completely, unlike the evidence) the partner's deals held out of qualification.
/// </summary>
public sealed record AnomalyFinding(
    string Check,
    AnomalySeverity Severity,
    string PartnerId,
    Quarter Quarter,
    string Summary,
    AnomalyEvidence Evidence,
    IReadOnlyList<string> HeldDealIds)
{
    /// <summary>Deal ids quoted in evidence; more are counted, not listed.</summary>
    public const int MaxListedDeals = 20;

    public bool HoldsPayout => Severity == AnomalySeverity.High;

    /// <summary>"high", "medium" or "low": the form the lake and statements use.</summary>
    public string SeverityName => Severity switch
    {
        AnomalySeverity.High => "high",
        AnomalySeverity.Medium => "medium",
        _ => "low",
    };
}
