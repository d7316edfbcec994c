using Pipeline.Domain.Anomalies;
using Pipeline.Domain.Anomalies.Checks;
using Xunit;

namespace Pipeline.Domain.Tests.Anomalies;

public sealed class BenfordTests
{
    /// <summary>
    /// Amounts spread log-uniformly over 100 – 100,000 USD at evenly spaced quantiles: deterministic, and their first
    /// digits follow Benford's law as closely as <paramref name="count"/> deals can.
    /// </summary>
    private static AnomalyScenario BenfordDeals(int count)
    {
        var scenario = new AnomalyScenario().Reseller("RS-1");
        for (var i = 0; i < count; i++)
        {
            var amount = Money.Cents((decimal)Math.Pow(10, 2 + 3 * (i + 0.5) / count));
            scenario.Deal("RS-1", $"D-{i:D4}", amount, AnomalyScenario.Day(7, 1).AddDays(i % 70));
        }

        return scenario;
    }

    /// <summary>Every first digit equally often (digit = 1 + i mod 9): what invented amounts tend to look like.</summary>
    private static AnomalyScenario UniformDigitDeals(int count, int zeroAmounts = 0)
    {
        var scenario = new AnomalyScenario().Reseller("RS-1");
        for (var i = 0; i < count; i++)
            scenario.Deal("RS-1", $"D-{i:D4}", (1 + i % 9) * 100m + i % 97, AnomalyScenario.Day(7, 1).AddDays(i % 70));
        for (var i = 0; i < zeroAmounts; i++)
            scenario.Deal("RS-1", $"Z-{i:D4}", 0m, AnomalyScenario.Day(8, 1));
        return scenario;
    }

    [Fact]
    public void A_thousand_benford_distributed_amounts_are_not_flagged() =>
        Assert.Empty(BenfordDeals(1_000).Run("benford"));

    [Fact]
    public void Amounts_with_evenly_spread_first_digits_are_flagged_with_the_chi_square_and_critical_value()
    {
        var finding = Assert.Single(UniformDigitDeals(306).Run("benford"));

        Assert.Equal(AnomalySeverity.Low, finding.Severity);
        // 34 deals per digit against 306 × log10(1 + 1/d): chi-square 122.9197 (checked independently).
        Assert.Equal(122.9197m, finding.Evidence.Observed);
        Assert.Equal(20.0902m, finding.Evidence.Limit);
        Assert.Equal(306m, finding.Evidence.Figure("deals"));
        Assert.Equal(34m, finding.Evidence.Figure("digit_1"));
        Assert.Equal(34m, finding.Evidence.Figure("digit_9"));
        Assert.Equal(0m, finding.Evidence.Figure("p_value"));
        Assert.Contains("chi-square 122.92 is above 20.09, the critical value for p = 0.01 (p < 0.000001)", finding.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Three_hundred_amounts_are_enough_for_the_test()
    {
        Assert.Single(UniformDigitDeals(300).Run("benford"));
        Assert.Empty(UniformDigitDeals(299).Run("benford"));
    }

    [Fact]
    public void Zero_amounts_have_no_first_digit_and_do_not_count_towards_the_minimum() =>
        Assert.Empty(UniformDigitDeals(299, zeroAmounts: 50).Run("benford"));

    [Fact]
    public void The_critical_value_for_p_one_percent_with_eight_degrees_of_freedom_is_the_tabled_20_090()
    {
        Assert.Equal(BenfordLaw.CriticalValueAtOnePercent, BenfordLaw.CriticalValue(0.01), 3);
        Assert.Equal(0.01, BenfordLaw.PValue(20.090), 4);
        Assert.True(BenfordLaw.PValue(20.0) > 0.01);
        Assert.True(BenfordLaw.PValue(20.2) < 0.01);
        // Another tabled value, p = 0.05: 15.507.
        Assert.Equal(15.507, BenfordLaw.CriticalValue(0.05), 3);
    }

    [Theory]
    [InlineData("1250.00", 1)]
    [InlineData("0.042", 4)]
    [InlineData("9.99", 9)]
    [InlineData("100000000", 1)]
    [InlineData("0.01", 1)]
    [InlineData("0", 0)]
    public void The_first_significant_digit_ignores_magnitude(string amount, int digit) =>
        Assert.Equal(digit, BenfordLaw.FirstSignificantDigit(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Expected_benford_shares_cover_every_first_digit_once() =>
        Assert.Equal(1.0, Enumerable.Range(1, 9).Sum(BenfordLaw.ExpectedShare), 12);
}
