namespace Pipeline.Domain.Anomalies;

/// <summary>
/// Every threshold of the anomaly checks. The defaults are the reference program's values;
/// the program definition carries the real ones, so the close builds this record from it with named arguments.
/// Shares are fractions (0.25 = 25%).
/// </summary>
public sealed record AnomalyThresholds(
    int DuplicateDealMinPartners = 2,
    decimal PriceErosionMinShare = 0.25m,
    decimal StuffingMinShare = 0.40m,
    int StuffingLastDays = 14,
    decimal SpikeMultiple = 3m,
    int SpikeMaxEarlierQuarters = 4,
    int SpikeMinEarlierQuarters = 2,
    decimal PayoutJumpMultiple = 2m,
    decimal PayoutJumpMinTotal = 10_000m,
    decimal RefundRateMinShare = 0.15m,
    int RefundRateMinDeals = 20,
    decimal BenfordMaxPValue = 0.01m,
    int BenfordMinDeals = 300)
{
    /// <summary>The reference program's thresholds.</summary>
    public static AnomalyThresholds Reference { get; } = new();

    /// <summary>
    /// Refuses values under which a check would fire on everything or on nothing without anyone noticing. The program
    /// reader validates too; this guards callers that build thresholds by hand.
    /// </summary>
    public void Validate()
    {
        Require(DuplicateDealMinPartners >= 2, nameof(DuplicateDealMinPartners), "at least 2: one partner alone is not a duplicate");
        RequireShare(PriceErosionMinShare, nameof(PriceErosionMinShare));
        RequireShare(StuffingMinShare, nameof(StuffingMinShare));
        Require(StuffingLastDays is >= 1 and <= 92, nameof(StuffingLastDays), "between 1 and 92 days");
        Require(SpikeMultiple > 0m, nameof(SpikeMultiple), "positive");
        Require(SpikeMinEarlierQuarters >= 1, nameof(SpikeMinEarlierQuarters), "at least 1");
        Require(SpikeMaxEarlierQuarters >= SpikeMinEarlierQuarters, nameof(SpikeMaxEarlierQuarters), "at least SpikeMinEarlierQuarters");
        Require(PayoutJumpMultiple > 0m, nameof(PayoutJumpMultiple), "positive");
        Require(PayoutJumpMinTotal >= 0m, nameof(PayoutJumpMinTotal), "zero or more");
        RequireShare(RefundRateMinShare, nameof(RefundRateMinShare));
        Require(RefundRateMinDeals >= 1, nameof(RefundRateMinDeals), "at least 1");
        Require(BenfordMaxPValue is > 0m and < 1m, nameof(BenfordMaxPValue), "strictly between 0 and 1");
        Require(BenfordMinDeals >= 9, nameof(BenfordMinDeals), "at least 9: a chi-square over nine digits needs more deals than digits");
    }

    private static void RequireShare(decimal value, string name) => Require(value is > 0m and <= 1m, name, "a fraction above 0 and at most 1");

    private static void Require(bool ok, string name, string rule)
    {
        if (!ok) throw new ArgumentOutOfRangeException(name, $"Anomaly threshold {name} must be {rule}.");
    }
}
