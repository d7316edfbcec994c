using Pipeline.Statements.Pdf;
using Pipeline.Statements.Tests.Builders;
using Pipeline.Statements.Tests.Support;
using UglyToad.PdfPig;

namespace Pipeline.Statements.Tests;

/// <summary>Partner names in Japanese, Chinese, Korean and with emoji print with the shipped fonts, as text.</summary>
public sealed class StatementScriptsTests
{
    [Theory]
    [InlineData("株式会社さくらパートナーズ", "NotoSansJP")]
    [InlineData("Sakura Studio 🌸🚀", "NotoEmoji")]
    [InlineData("한빛 파트너스 주식회사", "NotoSansKR")]
    [InlineData("广东电网数据有限公司", "NotoSansSC")]
    [InlineData("臺灣資訊股份有限公司", "NotoSansJP")]
    public void Partner_name_prints_every_character_with_a_shipped_font(string name, string font)
    {
        var bytes = StatementPdfRenderer.Render(TestStatements.For(TestStatements.TypicalAgency(name)));

        var text = PdfText.Read(bytes).All;
        foreach (var rune in name.EnumerateRunes())
            Assert.True(text.Contains(rune.ToString(), StringComparison.Ordinal), $"'{rune}' (U+{rune.Value:X4}) is missing from the PDF text.");
        using var document = PdfDocument.Open(bytes);
        var fonts = document.GetPage(1).Letters
            .Where(l => l.Value.EnumerateRunes().Any(r => r.Value > 0x2FFF))
            .Select(l => l.FontName ?? "")
            .ToHashSet();
        Assert.Contains(fonts, f => f.Contains(font, StringComparison.Ordinal));
        Assert.DoesNotContain(fonts, f => f.Contains("DejaVu", StringComparison.Ordinal)); // no missing-glyph boxes
    }

    [Fact]
    public void Japanese_name_is_on_one_line_of_page_one_and_the_pdf_embeds_the_japanese_font()
    {
        const string name = "株式会社さくらパートナーズ";
        var bytes = StatementPdfRenderer.Render(TestStatements.For(TestStatements.TypicalAgency(name)));

        Assert.Contains(PdfText.Read(bytes).Pages[0], line => line.Contains(name, StringComparison.Ordinal));
        using var document = PdfDocument.Open(bytes);
        Assert.Contains(document.GetPage(1).Letters, l => (l.FontName ?? "").Contains("NotoSansJP", StringComparison.Ordinal));
        Assert.InRange(bytes.Length, 1, 150 * 1024); // a subset of the Japanese font is embedded, not the font
    }

    [Fact]
    public void Statement_with_a_japanese_name_renders_byte_identical_twice()
    {
        var statement = TestStatements.For(TestStatements.TypicalAgency("株式会社さくらパートナーズ 🌸"));

        Assert.Equal(StatementPdfRenderer.Render(statement), StatementPdfRenderer.Render(statement));
    }
}
