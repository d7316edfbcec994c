using Pipeline.Domain.Anomalies.Checks;

namespace Pipeline.Domain.Anomalies;

/// <summary>Every anomaly check, in the order of the program's anomalies block and of docs/anomalies.md: one line per check.</summary>
internal static class AnomalyChecks
{
    /// <summary>
    /// The checks in that order. Findings of equal severity are listed in it, so the close reads in the program's order;
    /// the program's <c>anomalies</c> block is read and written in it.
    /// </summary>
    public static IReadOnlyList<AnomalyCheck> All { get; } =
    [
        new DuplicateDealCheck(),
        new MissingDataCheck(),
        new PriceErosionCheck(),
        new QuarterEndStuffingCheck(),
        new RevenueSpikeCheck(),
        new PayoutJumpCheck(),
        new RefundRateCheck(),
        new BenfordCheck(),
    ];

    /// <summary>The checks that have thresholds, each with its position in <see cref="AnomalyThresholds"/>.</summary>
    internal static IReadOnlyList<AnomalyCheck> WithThresholds { get; } = [.. All.Where(c => c.Reference is not null)];

    private static readonly Dictionary<Type, int> ThresholdsIndex =
        WithThresholds.Select((c, i) => (c.Reference!.GetType(), i)).ToDictionary(x => x.Item1, x => x.i);

    private static readonly Dictionary<string, int> Ranks =
        All.Select((c, i) => (c.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.Ordinal);

    internal static int Rank(string check) => Ranks.GetValueOrDefault(check, int.MaxValue);

    /// <summary>Where a thresholds record sits in <see cref="AnomalyThresholds"/>.</summary>
    internal static int ThresholdsIndexOf(Type thresholds) =>
        ThresholdsIndex.TryGetValue(thresholds, out var i)
            ? i
            : throw new ArgumentException($"{thresholds.Name} belongs to no check of AnomalyChecks.All.", nameof(thresholds));

    internal static AnomalyCheck ForThresholds(Type thresholds) => WithThresholds[ThresholdsIndexOf(thresholds)];
}
