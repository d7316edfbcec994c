using SkiaSharp;

namespace Pipeline.Statements.Pdf;

/// <summary>
/// The statement typefaces, loaded once through fontconfig. DejaVu Sans covers Latin, Greek and Cyrillic
/// (partner names like "Zürich Média Ünion"), and Skia embeds only the glyphs used, which keeps a
/// one-page statement small. A missing font is an installation fault: fail loudly instead of
/// silently printing with a fallback that lacks the glyphs.
/// </summary>
internal static class PdfFonts
{
    public const string Family = "DejaVu Sans";

    private static readonly Lazy<SKTypeface> RegularFace = new(() => Load(SKFontStyle.Normal));
    private static readonly Lazy<SKTypeface> BoldFace = new(() => Load(SKFontStyle.Bold));

    public static SKTypeface Regular => RegularFace.Value;
    public static SKTypeface Bold => BoldFace.Value;

    private static SKTypeface Load(SKFontStyle style)
    {
        var face = SKTypeface.FromFamilyName(Family, style);
        if (face is null || !string.Equals(face.FamilyName, Family, StringComparison.Ordinal))
            throw new InvalidOperationException(
                $"Font '{Family}' was not found through fontconfig (got '{face?.FamilyName}'); install fonts-dejavu-core.");
        return face;
    }
}
