namespace Pipeline.Domain.Payouts;

/// <summary>The rule id of each kind of payout line; statements and the lake key on them.</summary>
public static class RuleIds
{
    public const string Base = "base";
    public const string PerformanceBonus = "performance-bonus";
    public const string SustainedPerformance = "sustained-performance";
    /// <summary>The reference program's responsiveness bonus: bonus lines take their id from the program.</summary>
    public const string Responsiveness = "responsiveness";
    public const string Band = "band";
    public const string ErodedDeals = "eroded-deals";
    public const string Clawback = "clawback";
    public const string PriorPeriodAdjustment = "prior-period-adjustment";
    public const string FinanceAdjustment = "finance-adjustment";

    /// <summary>Rule ids the calculator itself produces; a program's bonuses may not take them.</summary>
    public static IReadOnlyList<string> BuiltIn { get; } =
        [Base, PerformanceBonus, SustainedPerformance, Band, ErodedDeals, Clawback, PriorPeriodAdjustment, FinanceAdjustment];
}
