using Pipeline.Statements.Pdf;
using SkiaSharp;

namespace Pipeline.Statements.Tests;

public sealed class FontSubsetTests
{
    // Accented Latin letters are composite glyphs in DejaVu (base letter + accent): the subset must carry their parts.
    private const string Sample = "Zürich Média Ünion · Αθηνά Μέσα · Москва Трейд · 12,345.67 − 8% ≤ 24 h × …";

    [Fact]
    public void Subset_font_draws_exactly_like_the_full_font()
    {
        var source = PdfFonts.RegularPrimary;
        using var subset = source.CreateSubset(Sample.EnumerateRunes().Select(r => r.Value).ToHashSet());

        Assert.Equal(Draw(source.Typeface), Draw(subset));
        using var full = new SKFont(source.Typeface, 12);
        using var cut = new SKFont(subset, 12);
        Assert.Equal(full.MeasureText(Sample), cut.MeasureText(Sample));
    }

    [Fact]
    public void Subset_font_holds_only_the_glyphs_it_needs()
    {
        using var subset = PdfFonts.BoldPrimary.CreateSubset("0123456789".EnumerateRunes().Select(r => r.Value).ToHashSet());

        Assert.InRange(subset.GlyphCount, 11, 11); // ten digits and .notdef
        Assert.True(PdfFonts.BoldPrimary.Typeface.GlyphCount > 5_000);
    }

    private static byte[] Draw(SKTypeface typeface)
    {
        using var bitmap = new SKBitmap(900, 40, SKColorType.Gray8, SKAlphaType.Opaque);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        using var font = new SKFont(typeface, 16);
        using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        canvas.DrawText(Sample, 4, 28, SKTextAlign.Left, font, paint);
        var pixels = bitmap.Bytes;
        Assert.Contains(pixels, b => b < 128); // something was drawn
        return pixels;
    }

    [Fact]
    public void Documents_with_the_same_extra_characters_share_one_cached_subset()
    {
        using var first = PdfFonts.RegularPrimary.SubsetFor("Zürich 2026Q3".EnumerateRunes().Select(r => r.Value));
        using var second = PdfFonts.RegularPrimary.SubsetFor("über Zug".EnumerateRunes().Select(r => r.Value));
        using var other = PdfFonts.RegularPrimary.SubsetFor("Москва".EnumerateRunes().Select(r => r.Value));

        Assert.Same(first.Typeface, second.Typeface); // both need only "ü" beyond the shared repertoire
        Assert.NotSame(first.Typeface, other.Typeface);
    }
}
