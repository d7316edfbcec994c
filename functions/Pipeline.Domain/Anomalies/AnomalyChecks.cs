namespace Pipeline.Domain.Anomalies;

/// <summary>Check ids as they appear in findings, the lake and statements, in the order of the spec's table.</summary>
public static class AnomalyChecks
{
    public const string DuplicateDeal = "duplicate_deal";
    public const string MissingData = "missing_data";
    public const string PriceErosion = "price_erosion";
    public const string QuarterEndStuffing = "quarter_end_stuffing";
    public const string RevenueSpike = "revenue_spike";
    public const string PayoutJump = "payout_jump";
    public const string RefundRate = "refund_rate";
    public const string Benford = "benford";

    /// <summary>The spec's order; findings of equal severity are listed in it, so the close reads like the spec.</summary>
    public static IReadOnlyList<string> All { get; } =
        [DuplicateDeal, MissingData, PriceErosion, QuarterEndStuffing, RevenueSpike, PayoutJump, RefundRate, Benford];

    internal static int Rank(string check)
    {
        var i = 0;
        foreach (var c in All)
        {
            if (c == check) return i;
            i++;
        }

        return int.MaxValue;
    }
}
