using Pipeline.Domain.Deals;
using Pipeline.Domain.Ingest;
using Pipeline.Domain.Reference;
using Xunit;
using Pipeline.Ingest;
using Pipeline.Domain;

namespace Pipeline.Features.Tests.Ingest;

public sealed class DealNormaliserTests
{
    private static readonly FxTable Fx = new([
        new FxRate(new DateOnly(2026, 1, 1), "EUR", 1.10m),
        new FxRate(new DateOnly(2026, 7, 1), "EUR", 1.2345m),
        new FxRate(new DateOnly(2026, 7, 20), "EUR", 1.30m),
    ]);

    private static DealNormaliser Normaliser(PartnerProfile? profile = null) => new("acme", Fx, profile);

    private static DealRow Accept(DealRecordBuilder b, DealNormaliser? n = null)
    {
        var result = (n ?? Normaliser()).Normalise(b.Build());
        Assert.True(result.Row is not null, string.Join("; ", result.Rejection?.Problems.Select(p => p.Reason) ?? []));
        return result.Row!;
    }

    private static RejectedRow Reject(DealRecordBuilder b, DealNormaliser? n = null)
    {
        var result = (n ?? Normaliser()).Normalise(b.Build());
        Assert.Null(result.Row);
        return result.Rejection!;
    }

    [Theory]
    [InlineData("12.345", "12.35")]
    [InlineData("12.344", "12.34")]
    [InlineData("0.005", "0.01")]
    [InlineData("2.675", "2.68")]
    [InlineData("100", "100.00")]
    [InlineData(" 7.1 ", "7.10")]
    public void Amounts_are_rounded_to_cents_half_away_from_zero(string raw, string expected)
    {
        var row = Accept(new DealRecordBuilder().With(DealColumns.NetAmount, raw));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), row.NetAmount);
    }

    [Fact]
    public void A_deal_converts_at_the_rate_of_its_close_date_or_the_latest_earlier_one()
    {
        var onDate = Accept(new DealRecordBuilder().With(DealColumns.Currency, "EUR").With(DealColumns.CloseDate, "2026-07-01").With(DealColumns.NetAmount, "1000.01"));
        Assert.Equal(1.2345m, onDate.UsdPerUnit);
        Assert.Equal(Money.Cents(1000.01m * 1.2345m), onDate.UsdNet);   // 1234.512345 → 1234.51

        var between = Accept(new DealRecordBuilder().With(DealColumns.Currency, "EUR").With(DealColumns.CloseDate, "2026-07-19"));
        Assert.Equal(1.2345m, between.UsdPerUnit);
        Assert.Equal(111.11m, between.UsdNet);    // 90 × 1.2345 = 111.105 → half away from zero
        Assert.Equal(123.45m, between.UsdList);
    }

    [Fact]
    public void A_deal_before_any_rate_is_rejected_with_that_reason()
    {
        var rejected = Reject(new DealRecordBuilder().With(DealColumns.Currency, "EUR").With(DealColumns.CloseDate, "2025-12-31"));
        var problem = Assert.Single(rejected.Problems);
        Assert.Equal("no_fx_rate", problem.Code);
        Assert.Equal("currency 'EUR' has no exchange rate to USD on or before 2025-12-31, so the deal cannot be converted; ask finance to add the rate, then send the row again", problem.Reason);
    }

    [Fact]
    public void Currency_and_status_default_to_usd_and_won()
    {
        var row = Accept(new DealRecordBuilder().With(DealColumns.Currency, null).With(DealColumns.Status, ""));
        Assert.Equal("USD", row.Currency);
        Assert.Equal(1m, row.UsdPerUnit);
        Assert.Equal(DealStatus.Won, row.Status);
        Assert.Equal(row.NetAmount, row.UsdNet);
    }

    [Fact]
    public void Lower_case_currency_and_status_are_read_as_their_codes()
    {
        var row = Accept(new DealRecordBuilder().With(DealColumns.Currency, "eur").With(DealColumns.Status, "Refunded").With(DealColumns.RefundDate, "2026-08-01"));
        Assert.Equal("EUR", row.Currency);
        Assert.Equal(DealStatus.Refunded, row.Status);
        Assert.Equal(new DateOnly(2026, 8, 1), row.RefundDate);
    }

    [Fact]
    public void Every_problem_of_a_row_is_reported_not_just_the_first()
    {
        var rejected = Reject(new DealRecordBuilder().AtLine(7)
            .With(DealColumns.NetAmount, "-5").With(DealColumns.Quantity, "0").With(DealColumns.CloseDate, "2026-02-30"));
        Assert.Equal(7, rejected.Line);
        Assert.Equal(["close_date", "quantity", "net_amount"], rejected.Problems.Select(p => p.Column));
        Assert.Contains(rejected.Problems, p => p.Reason.StartsWith("net_amount '-5' must be zero or more", StringComparison.Ordinal));
    }

    [Fact]
    public void A_repeated_deal_id_rejects_the_later_row_and_keeps_the_first()
    {
        var n = Normaliser();
        Accept(new DealRecordBuilder().AtLine(2), n);
        Accept(new DealRecordBuilder().AtLine(3).With(DealColumns.DealId, "D-2"), n);
        var later = Reject(new DealRecordBuilder().AtLine(4).With(DealColumns.DealId, " D-1 "), n);
        Assert.Equal("duplicate_deal_id", Assert.Single(later.Problems).Code);
    }

    [Fact]
    public void Refunded_deals_need_a_refund_date_not_before_the_close_date()
    {
        Assert.Equal("missing_refund_date", Assert.Single(Reject(new DealRecordBuilder().With(DealColumns.Status, "refunded")).Problems).Code);
        Assert.Equal("refund_before_close", Assert.Single(Reject(new DealRecordBuilder().With(DealColumns.Status, "refunded").With(DealColumns.RefundDate, "2026-07-09")).Problems).Code);
        Accept(new DealRecordBuilder().With(DealColumns.Status, "refunded").With(DealColumns.RefundDate, "2026-07-10"));
    }

    [Fact]
    public void A_profile_with_decimal_comma_and_day_first_dates_reads_european_files()
    {
        var profile = new PartnerProfile { DateFormat = "dd.MM.yyyy", DecimalSeparator = ',' };
        var row = Accept(new DealRecordBuilder().With(DealColumns.CloseDate, "15.07.2026").With(DealColumns.NetAmount, "1.234,565").With(DealColumns.ListAmount, "2000"), Normaliser(profile));
        Assert.Equal(new DateOnly(2026, 7, 15), row.CloseDate);
        Assert.Equal(1234.57m, row.NetAmount);

        // "1.5" in a decimal-comma file is neither 1.5 nor 15: refused rather than guessed.
        var rejected = Reject(new DealRecordBuilder().With(DealColumns.NetAmount, "1.5").With(DealColumns.ListAmount, "2000"), Normaliser(profile));
        Assert.Equal("invalid_amount", Assert.Single(rejected.Problems).Code);
    }

    [Fact]
    public void Deal_ids_of_64_characters_are_accepted_and_65_rejected()
    {
        Accept(new DealRecordBuilder().With(DealColumns.DealId, new string('x', 64)));
        Assert.Equal("too_long", Assert.Single(Reject(new DealRecordBuilder().With(DealColumns.DealId, new string('x', 65))).Problems).Code);
    }

    [Fact]
    public void A_long_value_is_truncated_in_the_problem_without_splitting_a_surrogate_pair()
    {
        var value = new string('a', DisplayValue.MaxLength - 1) + "😀" + new string('b', 1000);
        var rejected = Reject(new DealRecordBuilder().With(DealColumns.NetAmount, value));
        var shown = Assert.Single(rejected.Problems).Value;
        Assert.Equal(new string('a', DisplayValue.MaxLength - 1) + "…", shown);
        Assert.True(Assert.Single(rejected.Problems).Reason.Length < 400);
    }

    [Fact]
    public void The_calculator_gets_the_normalised_deal_with_usd_amounts_and_status()
    {
        var row = Accept(new DealRecordBuilder().With(DealColumns.Currency, "EUR").With(DealColumns.Product, null)
            .With(DealColumns.Status, "refunded").With(DealColumns.RefundDate, "2026-09-01"));
        var deal = row.ToNormalisedDeal();
        Assert.Equal(new Pipeline.Domain.Deals.NormalisedDeal("D-1", "acme", new DateOnly(2026, 7, 10), "", 2, 100m, 90m, "EUR",
            111.11m, 123.45m, Pipeline.Domain.Deals.DealStatus.Refunded, new DateOnly(2026, 9, 1)), deal);
    }
}
