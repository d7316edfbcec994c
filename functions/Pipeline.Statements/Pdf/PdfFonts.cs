using System.Collections.Concurrent;
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

/// <summary>
/// A full typeface, for measuring, and the subsets of it that documents embed. Documents share subsets: each
/// subset holds printable ASCII and the layout's own symbols plus whatever else a document draws, and is cached
/// by those extra characters. Most partner names then need no new subset, and Skia's glyph cache, which is keyed
/// by typeface, stays warm across documents: the render cost halves for a small price in size.
/// </summary>
internal sealed class FontSource(SKTypeface typeface)
{
    private const int MaxCachedSubsets = 256;

    private static readonly int[] Repertoire =
        [.. Enumerable.Range(0x20, 0x7F - 0x20), .. "·–—−×…•≤≥’“”€£".EnumerateRunes().Select(r => r.Value)];

    private static readonly HashSet<int> InRepertoire = [.. Repertoire];

    private readonly Lazy<IReadOnlyDictionary<uint, byte[]>?> _tables = new(() => ReadTables(typeface));
    private readonly ConcurrentDictionary<string, SKTypeface> _subsets = new(StringComparer.Ordinal);

    public SKTypeface Typeface { get; } = typeface;

    /// <summary>The typeface a document with these characters embeds; dispose the lease when the document is written.</summary>
    public FontLease SubsetFor(IEnumerable<int> codePoints)
    {
        if (_tables.Value is null) return new FontLease(Typeface, owned: false);
        var extra = codePoints.Where(c => !InRepertoire.Contains(c)).Distinct().Order().ToArray();
        var key = string.Join(',', extra);
        if (_subsets.TryGetValue(key, out var cached)) return new FontLease(cached, owned: false);

        var subset = CreateSubset([.. Repertoire, .. extra]);
        if (_subsets.Count < MaxCachedSubsets && _subsets.TryAdd(key, subset)) return new FontLease(subset, owned: false);
        if (_subsets.TryGetValue(key, out cached))
        {
            subset.Dispose(); // another thread cached the same subset first
            return new FontLease(cached, owned: false);
        }

        return new FontLease(subset, owned: true); // cache full: this document's own subset
    }

    /// <summary>
    /// A typeface holding only the glyphs of <paramref name="codePoints"/>, with the same advances, so layout
    /// measured with the full face stays exact. Characters the font lacks are left out and print as its
    /// missing-glyph box, as they would with the full face. The caller owns the typeface.
    /// </summary>
    public SKTypeface CreateSubset(IReadOnlyCollection<int> codePoints)
    {
        var tables = _tables.Value ?? throw new InvalidOperationException($"'{Typeface.FamilyName}' is not a TrueType font that can be subset.");
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

/// <summary>A typeface lent to one document: a cached subset (kept) or one made for it alone (disposed with the lease).</summary>
internal sealed class FontLease(SKTypeface typeface, bool owned) : IDisposable
{
    public SKTypeface Typeface { get; } = typeface;

    public void Dispose()
    {
        if (owned) Typeface.Dispose();
    }
}
