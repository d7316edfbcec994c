namespace Pipeline.Domain.Programs;

/// <summary>
/// Thresholds of the anomaly checks run at every close. Stored and validated
/// with the program so finance tunes them at the annual refresh; the close interprets them.
/// </summary>
public sealed record AnomalyThresholds(
    DuplicateDealCheck DuplicateDeal,
    PriceErosionCheck PriceErosion,
    QuarterEndStuffingCheck QuarterEndStuffing,
    RevenueSpikeCheck RevenueSpike,
    PayoutJumpCheck PayoutJump,
    RefundRateCheck RefundRate,
    BenfordCheck Benford);

/// <summary>The same deal id reported by at least MinPartners partners in the quarter.</summary>
public sealed record DuplicateDealCheck(int MinPartners);

/// <summary>Eroded deals at least MinShare of the partner's qualifying net.</summary>
public sealed record PriceErosionCheck(decimal MinShare);

/// <summary>At least MinShare of revenue closed in the last LastDays days of the quarter.</summary>
public sealed record QuarterEndStuffingCheck(decimal MinShare, int LastDays);

/// <summary>Revenue above Multiple × the median of up to MaxEarlierQuarters earlier closed quarters (at least MinEarlierQuarters).</summary>
public sealed record RevenueSpikeCheck(decimal Multiple, int MaxEarlierQuarters, int MinEarlierQuarters);

/// <summary>Total earned above Multiple × last quarter's and at least MinTotal.</summary>
public sealed record PayoutJumpCheck(decimal Multiple, decimal MinTotal);

/// <summary>Refunded deals at least MinShare of the partner's deals in the quarter (with at least MinDeals deals).</summary>
public sealed record RefundRateCheck(decimal MinShare, int MinDeals);

/// <summary>First digits depart from Benford's law with p below MaxPValue (with at least MinDeals deals).</summary>
public sealed record BenfordCheck(decimal MaxPValue, int MinDeals);
