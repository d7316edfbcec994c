namespace Pipeline.Domain.Payouts;

/// <summary>The rule id of each kind of payout line (REFERENCE-PROGRAM section 2); statements and the lake key on them.</summary>
public static class RuleIds
{
    public const string Base = "base";
    public const string PerformanceBonus = "performance-bonus";
    public const string SustainedPerformance = "sustained-performance";
    public const string Responsiveness = "responsiveness";
    public const string Band = "band";
    public const string ErodedDeals = "eroded-deals";
    public const string Clawback = "clawback";
    public const string PriorPeriodAdjustment = "prior-period-adjustment";
    public const string FinanceAdjustment = "finance-adjustment";
}
