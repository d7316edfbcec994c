using SkiaSharp;

namespace Pipeline.Statements.Pdf;

/// <summary>
/// The statement typefaces, loaded once through fontconfig. DejaVu Sans covers Latin, Greek and Cyrillic
/// (partner names like "Zürich Média Ünion"). A missing font is an installation fault: fail loudly instead
/// of silently printing with a fallback that lacks the glyphs.
/// </summary>
internal static class PdfFonts
{
    public const string Family = "DejaVu Sans";

    private static readonly Lazy<FontSource> RegularSource = new(() => new FontSource(Load(SKFontStyle.Normal)));
    private static readonly Lazy<FontSource> BoldSource = new(() => new FontSource(Load(SKFontStyle.Bold)));

    public static FontSource Regular => RegularSource.Value;
    public static FontSource Bold => BoldSource.Value;

    private static SKTypeface Load(SKFontStyle style)
    {
        var face = SKTypeface.FromFamilyName(Family, style);
        if (face is null || !string.Equals(face.FamilyName, Family, StringComparison.Ordinal))
            throw new InvalidOperationException(
                $"Font '{Family}' was not found through fontconfig (got '{face?.FamilyName}'); install fonts-dejavu-core.");
        return face;
    }
}

/// <summary>A full typeface, for measuring, and the subsets of it that documents embed.</summary>
internal sealed class FontSource(SKTypeface typeface)
{
    private readonly Lazy<IReadOnlyDictionary<uint, byte[]>?> _tables = new(() => ReadTables(typeface));

    public SKTypeface Typeface { get; } = typeface;

    /// <summary>
    /// A typeface holding only the glyphs of <paramref name="codePoints"/>, with the same advances, so layout
    /// measured with the full face stays exact. Falls back to the full face for a font that is not plain TrueType.
    /// Characters the font lacks are left out and print as its missing-glyph box, as they would with the full face.
    /// </summary>
    public SKTypeface SubsetFor(IReadOnlyCollection<int> codePoints)
    {
        if (_tables.Value is not { } tables) return Typeface;
        var chars = codePoints.ToArray();
        using var font = new SKFont(Typeface);
        var glyphs = font.GetGlyphs(chars);
        var map = new Dictionary<int, ushort>(chars.Length);
        for (var i = 0; i < chars.Length; i++)
            if (glyphs[i] != 0) map[chars[i]] = glyphs[i];
        var bytes = TrueTypeSubsetter.Subset(tables, map);
        using var data = SKData.CreateCopy(bytes);
        return SKTypeface.FromData(data) ?? throw new InvalidOperationException($"The subset of '{Typeface.FamilyName}' could not be loaded.");
    }

    private static Dictionary<uint, byte[]>? ReadTables(SKTypeface face)
    {
        var tags = face.GetTableTags();
        if (!tags.Contains(TrueTypeSubsetter.Tag("glyf")) || !tags.Contains(TrueTypeSubsetter.Tag("loca"))) return null;
        return tags.ToDictionary(t => t, face.GetTableData);
    }
}
