namespace Pipeline.Domain.Statements;

/// <summary>
/// How a measured value reads. The scorecard carries bare decimals; a rate of 0.27 must print as 27%
/// and response hours as hours, so the kind is decided here from the metric names of the data contract.
/// </summary>
public static class ScorecardKinds
{
    public static ScorecardValueKind For(string metric) => metric switch
    {
        _ when metric.EndsWith("_rate", StringComparison.Ordinal) => ScorecardValueKind.Percent,
        "csat" => ScorecardValueKind.Score,
        "response_hours" => ScorecardValueKind.Hours,
        "revenue" or "R" or "qualifying_revenue" => ScorecardValueKind.Money,
        _ => ScorecardValueKind.Number,
    };
}
