using System.Globalization;

namespace Pipeline.Domain.Anomalies.Checks;

/// <summary>
/// benford (low): the first significant digits of the net amounts of the partner's deals closed in the quarter
/// (zero amounts ignored: they have no first digit) depart from Benford's law, chi-square above the critical value
/// for p = <see cref="AnomalyThresholds.BenfordMaxPValue"/>. Needs <see cref="AnomalyThresholds.BenfordMinDeals"/>
/// non-zero amounts: with few deals the test flags honest partners. Invented amounts tend to spread evenly over digits.
/// Observed: chi-square (4 dp). Limit: the critical value (4 dp; 20.0902 at p = 0.01).
/// </summary>
internal static class Benford
{
    public static AnomalyFinding? Check(PartnerQuarter p, AnomalyThresholds thresholds)
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

        if (n < thresholds.BenfordMinDeals) return null;
        var chi = BenfordLaw.ChiSquare(counts);
        var critical = BenfordLaw.CriticalValue((double)thresholds.BenfordMaxPValue);
        if (chi <= critical) return null;

        var pValue = BenfordLaw.PValue(chi);
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"The first digits of {n} deal amounts in {p.Quarter} depart from Benford's law: chi-square {chi:0.00} is above "
            + $"{critical:0.00}, the critical value for p = {thresholds.BenfordMaxPValue} (p {(pValue < 0.000001 ? "< 0.000001" : $"= {pValue:0.######}")}).");
        List<EvidenceFigure> figures =
        [
            new("deals", n),
            new("p_value", (decimal)Math.Round(pValue, 6)),
            .. counts.Select((c, i) => new EvidenceFigure($"digit_{i + 1}", c)),
        ];
        return p.Finding(AnomalyChecks.Benford, AnomalySeverity.Low, summary,
            observed: (decimal)Math.Round(chi, 4), limit: (decimal)Math.Round(critical, 4), figures: figures);
    }
}
