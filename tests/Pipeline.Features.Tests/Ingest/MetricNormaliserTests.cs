using Pipeline.Domain.Ingest;
using Xunit;
using Pipeline.Ingest;
using Pipeline.Domain;

namespace Pipeline.Features.Tests.Ingest;

public sealed class MetricNormaliserTests
{
    private static RowResult<MetricRow> Normalise(string metric, string value, string date = "2026-07-06", PartnerProfile? profile = null) =>
        new MetricNormaliser("acme", profile).Normalise(new RawRecord(5, [date, metric, value]));

    [Theory]
    [InlineData("engagement_rate", "0.25", "0.25")]
    [InlineData("engagement_rate", "25%", "0.25")]
    [InlineData("conversion_rate", "2.5%", "0.025")]
    [InlineData("on_time_rate", "1", "1")]
    [InlineData("on_time_rate", "100%", "1")]
    [InlineData("on_time_rate", "0", "0")]
    [InlineData("csat", "4.5", "4.5")]
    [InlineData("csat", "1", "1")]
    [InlineData("response_hours", "0", "0")]
    [InlineData("response_hours", "36.25", "36.25")]
    [InlineData("Engagement Rate", "33.3333333%", "0.333333")]
    public void Accepted_values_are_stored_as_fractions_or_plain_numbers(string metric, string value, string expected)
    {
        var row = Normalise(metric, value).Row;
        Assert.NotNull(row);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), row!.Value);
    }

    [Theory]
    [InlineData("engagement_rate", "250", "engagement_rate '250' is above 1; write a rate as a fraction such as 0.25 or as a percentage such as 25%")]
    [InlineData("engagement_rate", "1.01", "is above 1")]
    [InlineData("conversion_rate", "150%", "must be between 0% and 100%")]
    [InlineData("on_time_rate", "-0.1", "must be between 0 and 1")]
    [InlineData("csat", "6", "csat '6' must be between 1 and 5")]
    [InlineData("csat", "0.5", "must be between 1 and 5")]
    [InlineData("csat", "90%", "is not a percentage")]
    [InlineData("response_hours", "-1", "response_hours '-1' must be zero or more")]
    [InlineData("nps", "42", "metric 'nps' is not one of engagement_rate, conversion_rate, on_time_rate, csat, response_hours")]
    [InlineData("csat", "", "the value of csat is missing")]
    [InlineData("csat", "four", "csat 'four' is not a number")]
    public void Out_of_range_or_unknown_values_are_rejected_with_a_reason(string metric, string value, string reason)
    {
        var rejection = Normalise(metric, value).Rejection;
        Assert.NotNull(rejection);
        Assert.Equal(5, rejection!.Line);
        Assert.Contains(rejection.Problems, p => p.Reason.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public void An_impossible_date_is_named_as_such()
    {
        var problem = Assert.Single(Normalise("csat", "4", "2026-02-30").Rejection!.Problems);
        Assert.Equal("date '2026-02-30' is not a real calendar date", problem.Reason);
    }

    [Theory]
    [InlineData("0001-01-01")]
    [InlineData("9999-12-31")]
    [InlineData("1999-12-31")]
    public void A_date_outside_the_programs_years_is_rejected(string date)
    {
        var problem = Assert.Single(Normalise("csat", "4", date).Rejection!.Problems);
        Assert.Equal($"date {date} is outside the dates the program covers (2000-01-01 to 2099-12-31)", problem.Reason);
    }

    [Fact]
    public void Decimal_comma_profiles_apply_to_percentages()
    {
        var row = Normalise("conversion_rate", "2,5%", "06.07.2026", new PartnerProfile { DecimalSeparator = ',', DateFormat = "dd.MM.yyyy" }).Row;
        Assert.Equal(0.025m, row!.Value);
        Assert.Equal(new DateOnly(2026, 7, 6), row.Date);
        Assert.Equal(new Quarter(2026, 3), row.Quarter);
    }
}
