using System.Globalization;
using CsCheck;
using Pipeline.Domain.Ingest;
using Xunit;

namespace Pipeline.Domain.Tests.Ingest;

/// <summary>The shortcuts on the ingest path give exactly what the general code gives (value and scale, bit for bit).</summary>
public sealed class FastParsePropertyTests
{
    private static readonly Gen<string> AmountLike =
        Gen.OneOf(
            Gen.Char["0123456789."].Array[0, 24].Select(c => new string(c)),
            Gen.Char["0123456789.-+e, "].Array[0, 12].Select(c => new string(c)),
            Gen.Select(Gen.Long[0, long.MaxValue], Gen.Int[0, 6]).Select((m, z) => m.ToString(CultureInfo.InvariantCulture) + "." + new string('0', z)),
            Gen.Decimal.Select(d => d.ToString(CultureInfo.InvariantCulture)));

    [Fact]
    public void A_plain_amount_is_read_as_decimal_TryParse_reads_it_and_anything_else_is_left_to_it()
    {
        AmountLike.Sample(text =>
        {
            if (!FieldParser.TryPlainDecimal(text, out var fast)) return true;
            return decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var general)
                && decimal.GetBits(fast).SequenceEqual(decimal.GetBits(general));
        }, iter: 20_000);
    }

    [Theory]
    [InlineData("2314.87")]
    [InlineData("1.")]
    [InlineData("007.50")]
    [InlineData("123456789012345678")]
    public void Common_amounts_take_the_shortcut(string text) => Assert.True(FieldParser.TryPlainDecimal(text, out _));

    [Theory]
    [InlineData("")]
    [InlineData(".5")]
    [InlineData("1.2.3")]
    [InlineData("-1.00")]
    [InlineData("1e3")]
    [InlineData("1234567890123456789")]
    public void Other_shapes_are_left_to_the_general_parser(string text) => Assert.False(FieldParser.TryPlainDecimal(text, out _));

    [Fact]
    public void Cents_of_an_amount_already_in_cents_is_what_Math_Round_gives()
    {
        Gen.Decimal.Sample(d =>
            decimal.GetBits(Money.Cents(d)).SequenceEqual(decimal.GetBits(Math.Round(d, 2, MidpointRounding.AwayFromZero))), iter: 20_000);
    }
}
