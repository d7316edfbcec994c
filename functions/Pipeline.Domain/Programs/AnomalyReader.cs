namespace Pipeline.Domain.Programs;

/// <summary>Reads the <c>anomalies</c> block: every check's thresholds are required, so none is forgotten at a refresh.</summary>
internal static class AnomalyReader
{
    public static AnomalyThresholds? Read(JsonObjectReader o)
    {
        var thresholds = new AnomalyThresholds(
            Check(o, "duplicateDeal", c => new DuplicateDealCheck(c.Int("minPartners", 2))),
            Check(o, "priceErosion", c => new PriceErosionCheck(c.Decimal("minShare", 0m, 1m, minExclusive: true))),
            Check(o, "quarterEndStuffing", c => new QuarterEndStuffingCheck(c.Decimal("minShare", 0m, 1m, minExclusive: true), c.Int("lastDays", 1, 92))),
            Check(o, "revenueSpike", c => new RevenueSpikeCheck(c.Decimal("multiple", 1m, minExclusive: true), c.Int("maxEarlierQuarters", 1), c.Int("minEarlierQuarters", 1))),
            Check(o, "payoutJump", c => new PayoutJumpCheck(c.Decimal("multiple", 1m, minExclusive: true), c.Decimal("minTotal", 0m))),
            Check(o, "refundRate", c => new RefundRateCheck(c.Decimal("minShare", 0m, 1m, minExclusive: true), c.Int("minDeals", 1))),
            Check(o, "benford", c => new BenfordCheck(c.Decimal("maxPValue", 0m, 1m, minExclusive: true), c.Int("minDeals", 1))));
        o.RejectUnknown();
        if (thresholds.RevenueSpike is { } spike && spike.MinEarlierQuarters > spike.MaxEarlierQuarters)
            o.Errors.Add(o.At("revenueSpike.minEarlierQuarters"), $"must be at most maxEarlierQuarters ({spike.MaxEarlierQuarters})");
        return thresholds;
    }

    private static T Check<T>(JsonObjectReader parent, string name, Func<JsonObjectReader, T> read) where T : class =>
        parent.Object(name, required: true) is { } o ? ProgramReader.Done(o, read(o)) : null!; // missing: reported, load fails
}
