namespace Pipeline.Domain.Anomalies.Checks;

/// <summary>
/// Benford's law and the chi-square goodness-of-fit test with 8 degrees of freedom (nine first digits, one constraint).
/// This is statistics, not money: double is used on purpose, and only the verdict and rounded figures leave here.
/// </summary>
public static class BenfordLaw
{
    /// <summary>Chi-square critical value for 8 degrees of freedom at p = 0.01, as printed in standard tables.</summary>
    public const double CriticalValueAtOnePercent = 20.090;

    /// <summary>Share of first digit <paramref name="digit"/> under Benford's law: log10(1 + 1/d).</summary>
    public static double ExpectedShare(int digit) =>
        digit is >= 1 and <= 9 ? Math.Log10(1.0 + 1.0 / digit) : throw new ArgumentOutOfRangeException(nameof(digit));

    /// <summary>First significant digit of an amount (0.042 → 4, 1,250.00 → 1); 0 for zero, which the test ignores.</summary>
    public static int FirstSignificantDigit(decimal amount)
    {
        var v = Math.Abs(amount);
        if (v == 0m) return 0;
        while (v >= 10m) v /= 10m; // decimal division by ten is exact: only the scale changes
        while (v < 1m) v *= 10m;
        return (int)decimal.Truncate(v);
    }

    /// <summary>Σ (observed − expected)² / expected over digits 1..9; <paramref name="counts"/>[d − 1] is the count of digit d.</summary>
    public static double ChiSquare(IReadOnlyList<int> counts)
    {
        if (counts.Count != 9) throw new ArgumentException("Nine counts are needed, one per first digit.", nameof(counts));
        double n = counts.Sum();
        if (n == 0) return 0;
        var chi = 0.0;
        for (var d = 1; d <= 9; d++)
        {
            var expected = n * ExpectedShare(d);
            var diff = counts[d - 1] - expected;
            chi += diff * diff / expected;
        }

        return chi;
    }

    /// <summary>
    /// P(X ≥ x) for chi-square with 8 degrees of freedom. For an even number of degrees of freedom the survival function
    /// has a closed form, e^(−x/2) Σ_{k&lt;4} (x/2)^k / k!, so no numerical library is needed.
    /// </summary>
    public static double PValue(double chiSquare)
    {
        if (chiSquare <= 0) return 1.0;
        var h = chiSquare / 2;
        return Math.Exp(-h) * (1 + h + h * h / 2 + h * h * h / 6);
    }

    /// <summary>
    /// The chi-square value above which p falls below <paramref name="maxPValue"/> (20.090 at 0.01), found by bisection on
    /// <see cref="PValue"/>, which decreases strictly. The program states the threshold as a p-value; the check compares
    /// the statistic with this critical value, as a table-based test would.
    /// </summary>
    public static double CriticalValue(double maxPValue)
    {
        if (maxPValue is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(maxPValue));
        double lo = 0, hi = 1000;
        for (var i = 0; i < 200 && hi - lo > 1e-12; i++)
        {
            var mid = (lo + hi) / 2;
            if (PValue(mid) > maxPValue) lo = mid;
            else hi = mid;
        }

        return hi;
    }
}
