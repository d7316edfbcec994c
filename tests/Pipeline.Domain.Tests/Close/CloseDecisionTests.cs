using Pipeline.Domain.Close;
using Pipeline.Domain.Ingest;
using Xunit;

namespace Pipeline.Domain.Tests.Close;

public sealed class CloseDecisionTests
{
    [Theory]
    [InlineData("79228162514264337593543950335")]
    [InlineData("-10000000000000000.00")]
    [InlineData("12.345")]
    public void An_adjustment_outside_the_lakes_range_or_with_more_than_two_decimals_is_refused(string amount)
    {
        var decision = new CloseDecision("r-1", DecisionActions.Adjust, decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), "fee", "ana");

        var refused = Assert.Throws<ArgumentException>(decision.Validate);
        Assert.StartsWith("An adjustment is an amount in USD with at most two decimals", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_largest_amounts_the_lake_holds_are_accepted_either_way()
    {
        new CloseDecision("r-1", DecisionActions.Adjust, LakeLimits.MaxAmount, "fee", "ana").Validate();
        new CloseDecision("r-1", DecisionActions.Adjust, -LakeLimits.MaxAmount, "fee", "ana").Validate();
        new CloseDecision("r-1", DecisionActions.Adjust, -25.50m, "fee", "ana").Validate();
    }
}
