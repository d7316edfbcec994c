using Xunit;

namespace Pipeline.Domain.Tests;

public sealed class QuarterTests
{
    [Theory]
    [InlineData("2026Q1", "2026-01-01", "2026-03-31")]
    [InlineData("2026Q3", "2026-07-01", "2026-09-30")]
    [InlineData("2024q4", "2024-10-01", "2024-12-31")]
    public void A_quarter_spans_its_three_calendar_months(string text, string start, string end)
    {
        var q = Quarter.Parse(text);
        Assert.Equal(DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), q.Start);
        Assert.Equal(DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture), q.End);
        Assert.Equal(text.ToUpperInvariant(), q.ToString());
    }

    [Theory]
    [InlineData("2026Q5")]
    [InlineData("2026-Q3")]
    [InlineData("26Q3")]
    [InlineData("")]
    public void Malformed_quarters_are_refused(string text) => Assert.False(Quarter.TryParse(text, out _));

    [Fact]
    public void Quarters_step_across_year_boundaries()
    {
        Assert.Equal(Quarter.Parse("2025Q4"), Quarter.Parse("2026Q1").Previous());
        Assert.Equal(Quarter.Parse("2027Q1"), Quarter.Parse("2026Q4").Next());
        Assert.Equal(Quarter.Parse("2025Q3"), Quarter.Parse("2026Q3").YearEarlier());
        Assert.Equal(Quarter.Parse("2026Q3"), Quarter.Of(new DateOnly(2026, 9, 30)));
    }
}
