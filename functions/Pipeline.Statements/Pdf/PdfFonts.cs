using System.Collections.Concurrent;
using System.Globalization;
using SkiaSharp;

namespace Pipeline.Statements.Pdf;

/// <summary>
/// The statement typefaces: a fallback chain per weight. Each run of text is drawn with the first face of the
/// chain that has its glyphs:
/// <list type="number">
/// <item>DejaVu Sans, through fontconfig: Latin, Greek, Cyrillic and common symbols ("Zürich Média Ünion").</item>
/// <item>Noto Sans JP, shipped: kana, the kanji of JIS X 0208 levels 1 and 2, CJK punctuation, half- and full-width
/// forms, and the common hanzi of Big5 level 1 (traditional Chinese, in Japanese glyph forms).</item>
/// <item>Noto Sans SC, shipped: the GB 2312 hanzi that the Japanese font lacks (simplified Chinese).</item>
/// <item>Noto Sans KR, shipped: the 2,350 Hangul syllables of KS X 1001 and the compatibility jamo.</item>
/// <item>Noto Emoji, shipped: monochrome outline emoji, one weight for both (1,500 characters).</item>
/// </list>
/// The Noto fonts are embedded resources of this assembly (Fonts/, SIL Open Font License beside them), so a
/// statement never depends on what the machine has installed beyond DejaVu Sans. The CJK fonts are subsets of
/// the 5–11 MB originals made by tools/fonts/subset-statement-fonts.py: a full CJK set for every weight would make
/// the app tens of MB bigger for characters that do not occur in company names. A missing DejaVu Sans is an
/// installation fault: fail loudly instead of silently printing with a fallback that lacks the glyphs.
/// </summary>
internal static class PdfFonts
{
    public const string Family = "DejaVu Sans";

    private static readonly Lazy<FontSource> Emoji = new(() => Embedded("NotoEmoji-Regular.ttf"));

    private static readonly Lazy<FontChain> RegularChain = new(() => new FontChain(
    [
        new FontSource(Load(SKFontStyle.Normal), withRepertoire: true),
        Embedded("NotoSansJP-Regular.ttf"),
        Embedded("NotoSansSC-Regular.ttf"),
        Embedded("NotoSansKR-Regular.ttf"),
        Emoji.Value,
    ]));

    private static readonly Lazy<FontChain> BoldChain = new(() => new FontChain(
    [
        new FontSource(Load(SKFontStyle.Bold), withRepertoire: true),
        Embedded("NotoSansJP-Bold.ttf"),
        Embedded("NotoSansSC-Bold.ttf"),
        Embedded("NotoSansKR-Bold.ttf"),
        Emoji.Value,
    ]));

    public static FontChain Regular => RegularChain.Value;
    public static FontChain Bold => BoldChain.Value;

    /// <summary>The first face of each chain: DejaVu Sans, which draws every label of the layout.</summary>
    public static FontSource RegularPrimary => Regular.Faces[0];
    public static FontSource BoldPrimary => Bold.Faces[0];

    /// <summary>Whether statements print the character with a real glyph in both weights (not as a missing-glyph box).</summary>
    public static bool CanPrint(int codePoint) =>
        FontChain.PrintsAsSpace(codePoint) || FontChain.IsIgnorable(codePoint)
        || (Regular.FaceFor(codePoint) >= 0 && Bold.FaceFor(codePoint) >= 0);

    private static SKTypeface Load(SKFontStyle style)
    {
        var face = SKTypeface.FromFamilyName(Family, style);
        if (face is null || !string.Equals(face.FamilyName, Family, StringComparison.Ordinal))
            throw new InvalidOperationException(
                $"Font '{Family}' was not found through fontconfig (got '{face?.FamilyName}'); install fonts-dejavu-core.");
        return face;
    }

    private static FontSource Embedded(string file)
    {
        var name = $"Pipeline.Statements.Fonts.{file}";
        using var stream = typeof(PdfFonts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The font resource '{name}' is missing from the assembly.");
        using var data = SKData.Create(stream);
        var face = SKTypeface.FromData(data) ?? throw new InvalidOperationException($"The font resource '{name}' could not be loaded.");
        return new FontSource(face, withRepertoire: false);
    }
}

/// <summary>
/// Faces tried in order for each character. Which face draws a character is looked up once per code point and
/// kept, so text in the first face costs one array read a character to recognise.
/// </summary>
internal sealed class FontChain
{
    private const sbyte Unknown = -2;
    private readonly sbyte[] _bmp = new sbyte[0x10000];
    private readonly ConcurrentDictionary<int, sbyte> _supplementary = new();

    private readonly SKFont[] _lookup;

    public FontChain(IReadOnlyList<FontSource> faces)
    {
        Faces = faces;
        _lookup = [.. faces.Select(f => new SKFont(f.Typeface))];
        Array.Fill(_bmp, Unknown);
    }

    public IReadOnlyList<FontSource> Faces { get; }

    /// <summary>The index of the first face with a glyph for the character, or -1 when none has one.</summary>
    public int FaceFor(int codePoint)
    {
        if (codePoint < 0x10000)
        {
            var known = _bmp[codePoint];
            if (known != Unknown) return known;
            return _bmp[codePoint] = Find(codePoint);
        }

        return _supplementary.GetOrAdd(codePoint, Find);
    }

    private sbyte Find(int codePoint)
    {
        for (var i = 0; i < Faces.Count; i++)
            if (Has(i, codePoint)) return (sbyte)i;
        return -1;
    }

    private bool Has(int face, int codePoint)
    {
        lock (_lookup) return _lookup[face].GetGlyph(codePoint) != 0;
    }

    /// <summary>Control characters (tabs, line breaks in partner text) are printed as spaces.</summary>
    public static bool PrintsAsSpace(int codePoint) => codePoint < 0x20 || codePoint is >= 0x7F and < 0xA0;

    /// <summary>
    /// Characters that modify their neighbour and have no glyph of their own: joiners, variation selectors,
    /// emoji modifiers and tags. They stay in the run of the character before them, and are left out when that
    /// face has no glyph for them (a missing-glyph box would be wrong).
    /// </summary>
    public static bool IsIgnorable(int codePoint) =>
        codePoint is 0x200C or 0x200D or >= 0xFE00 and <= 0xFE0F or >= 0xE0020 and <= 0xE007F or >= 0xE0100 and <= 0xE01EF;

    private static bool JoinsPrevious(int codePoint) =>
        IsIgnorable(codePoint) || codePoint is >= 0x1F3FB and <= 0x1F3FF
        || CharUnicodeInfo.GetUnicodeCategory(codePoint) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark;

    /// <summary>
    /// Splits text into runs of one face each. Returns null when the whole text is in the first face (the usual
    /// case), so callers keep their one-call fast path. Characters no face has stay in the first face's run and
    /// print as its missing-glyph box; the partner registry refuses names with such characters.
    /// </summary>
    public List<(string Text, int Face)>? Runs(string text)
    {
        var allFirst = true;
        foreach (var c in text)
        {
            if (c >= 0x80 && (char.IsSurrogate(c) || FaceFor(c) > 0))
            {
                allFirst = false;
                break;
            }
        }

        if (allFirst) return null;
        var runs = new List<(string Text, int Face)>();
        var current = new System.Text.StringBuilder();
        var face = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var value = rune.Value;
            int next;
            if (current.Length > 0 && JoinsPrevious(value))
            {
                if (IsIgnorable(value) && !Has(face, value)) continue;
                next = face;
            }
            else if (IsIgnorable(value))
            {
                continue;
            }
            else
            {
                next = Math.Max(0, FaceFor(value));
            }

            if (next != face && current.Length > 0)
            {
                runs.Add((current.ToString(), face));
                current.Clear();
            }

            face = next;
            current.Append(rune.ToString());
        }

        if (current.Length > 0) runs.Add((current.ToString(), face));
        return runs;
    }
}

/// <summary>
/// A full typeface, for measuring, and the subsets of it that documents embed. Documents share subsets: each
/// subset of the first face holds printable ASCII and the layout's own symbols plus whatever else a document
/// draws, and is cached by those extra characters. Most partner names then need no new subset, and Skia's glyph
/// cache, which is keyed by typeface, stays warm across documents: the render cost halves for a small price in
/// size. Fallback faces hold only the characters the document draws with them.
/// </summary>
internal sealed class FontSource(SKTypeface typeface, bool withRepertoire)
{
    private const int MaxCachedSubsets = 256;

    private static readonly int[] LayoutRepertoire =
        [.. Enumerable.Range(0x20, 0x7F - 0x20), .. "·–—−×…•≤≥’“”€£".EnumerateRunes().Select(r => r.Value)];

    private readonly int[] _repertoire = withRepertoire ? LayoutRepertoire : [];
    private readonly HashSet<int> _inRepertoire = withRepertoire ? [.. LayoutRepertoire] : [];

    private readonly Lazy<IReadOnlyDictionary<uint, byte[]>?> _tables = new(() => ReadTables(typeface));
    private readonly ConcurrentDictionary<string, SKTypeface> _subsets = new(StringComparer.Ordinal);

    public SKTypeface Typeface { get; } = typeface;

    /// <summary>The typeface a document with these characters embeds; dispose the lease when the document is written.</summary>
    public FontLease SubsetFor(IEnumerable<int> codePoints)
    {
        if (_tables.Value is null) return new FontLease(Typeface, owned: false);
        var extra = codePoints.Where(c => !_inRepertoire.Contains(c)).Distinct().Order().ToArray();
        var key = string.Join(',', extra);
        if (_subsets.TryGetValue(key, out var cached)) return new FontLease(cached, owned: false);

        var subset = CreateSubset([.. _repertoire, .. extra]);
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
