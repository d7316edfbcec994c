using System.Globalization;
using Pipeline.Domain.Programs;

namespace Pipeline.Domain.Anomalies.Checks;

/// <summary>benford: the p-value below which first digits depart from Benford's law, from <see cref="MinDeals"/> deals up.</summary>
public sealed record BenfordThresholds(decimal MaxPValue = 0.01m, int MinDeals = 300) : CheckThresholds
{
    internal override void Rules(ThresholdRules rules)
    {
        rules.Require(MaxPValue is > 0m and < 1m, nameof(MaxPValue), "greater than 0 and less than 1");
        rules.Require(MinDeals >= 9, nameof(MinDeals), "at least 9: a chi-square over nine digits needs more deals than digits");
    }
}

/// <summary>
/// benford (low): the first significant digits of the net amounts of the partner's deals closed in the quarter
/// (zero amounts ignored: they have no first digit) depart from Benford's law, chi-square above the critical value
/// for p = <see cref="BenfordThresholds.MaxPValue"/>. Needs <see cref="BenfordThresholds.MinDeals"/>
/// non-zero amounts: with few deals the test flags honest partners. Invented amounts tend to spread evenly over digits.
/// Observed: chi-square (4 dp). Limit: the critical value (4 dp; 20.0902 at p = 0.01).
/// </summary>
internal sealed class BenfordCheck : PartnerCheck<BenfordThresholds>
{
    public override string Code => "benford";
    public override AnomalySeverity Severity => AnomalySeverity.Low;
    public override string ProgramKey => "benford";
    public override BenfordThresholds Reference { get; } = new();

    internal override BenfordThresholds Read(JsonObjectReader o) => new(o.Decimal("maxPValue"), o.Int("minDeals"));

    internal override AnomalyFinding? Check(PartnerQuarter p, BenfordThresholds thresholds)
    {
        var counts = new int[9];
        var n = 0;
        foreach (var d in p.Deals)
        {
            var digit = BenfordLaw.FirstSignificantDigit(d.UsdNet);
            if (digit == 0) continue;
            counts[digit - 1]++;
            n++;
        }

        if (n < thresholds.MinDeals) return null;
        var chi = BenfordLaw.ChiSquare(counts);
        var critical = BenfordLaw.CriticalValue((double)thresholds.MaxPValue);
        if (chi <= critical) return null;

        var pValue = BenfordLaw.PValue(chi);
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"The first digits of {n} deal amounts in {p.Quarter} depart from Benford's law: chi-square {chi:0.00} is above "
            + $"{critical:0.00}, the critical value for p = {thresholds.MaxPValue} (p {(pValue < 0.000001 ? "< 0.000001" : $"= {pValue:0.######}")}).");
        List<EvidenceFigure> figures =
        [
            new("deals", n),
            new("p_value", (decimal)Math.Round(pValue, 6)),
            .. counts.Select((c, i) => new EvidenceFigure($"digit_{i + 1}", c)),
        ];
        return p.Finding(Code, Severity, summary,
            observed: (decimal)Math.Round(chi, 4), limit: (decimal)Math.Round(critical, 4), figures: figures);
    }
}
