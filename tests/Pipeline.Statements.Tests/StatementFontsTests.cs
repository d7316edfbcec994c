using Pipeline.Domain.Ingest;
using Pipeline.Domain.Reference;

namespace Pipeline.Statements.Tests;

/// <summary>The registry import asks the statement fonts which characters they print.</summary>
public sealed class StatementFontsTests
{
    [Theory]
    [InlineData("株式会社さくらパートナーズ")]
    [InlineData("한빛 파트너스")]
    [InlineData("广东电网 臺灣資訊")]
    [InlineData("Sakura 🌸🚀 Zürich Média Ünion Αθηνά Москва")]
    [InlineData("Line\tbreak")]
    public void Names_in_the_scripts_the_fonts_cover_are_printable(string name) =>
        Assert.All(name.EnumerateRunes(), r => Assert.True(StatementFonts.Printable.CanPrint(r.Value), $"U+{r.Value:X4} '{r}'"));

    [Theory]
    [InlineData(0x10000)] // Linear B
    [InlineData(0xE000)] // private use
    [InlineData(0x0F40)] // Tibetan
    [InlineData(0x13000)] // Egyptian hieroglyphs
    public void Characters_no_statement_font_has_are_not_printable(int codePoint) =>
        Assert.False(StatementFonts.Printable.CanPrint(codePoint));

    [Fact]
    public void The_registry_import_refuses_a_name_the_fonts_cannot_print()
    {
        var result = ReferenceDataParser.Partners(
        [
            new RawRecord(2, ["sakura", "株式会社さくらパートナーズ", "agency", "15000", "0", "2024-01-10", "active"]),
            new RawRecord(3, ["knossos", "Knossos 𐀀 Trading", "agency", "15000", "0", "2024-01-10", "active"]),
        ], StatementFonts.Printable);

        Assert.Null(result.Value);
        Assert.Equal(["line 3: name of partner 'knossos' has characters that statements cannot print (no statement font has them): U+10000 '𐀀'"], result.Problems);
    }
}
