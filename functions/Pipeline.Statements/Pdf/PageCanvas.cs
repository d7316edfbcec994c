using SkiaSharp;

namespace Pipeline.Statements.Pdf;

/// <summary>
/// Drawing helpers over one page, and text measurement for layout. Fonts are cached per style: creating
/// SKFont objects per call was the largest cost when rendering a thousand statements. Text is split into runs
/// by the first face of the style's fallback chain that has the glyphs (<see cref="FontChain"/>); text wholly in
/// the first face, nearly all of a statement, takes one call as before. A canvas created for recording draws
/// nothing and collects the characters each face of each weight draws, so the document can embed font subsets.
/// </summary>
internal sealed class PageCanvas : IDisposable
{
    private readonly Dictionary<TextStyle, (SKFont Font, SKPaint Paint)> _styles = [];
    private readonly Dictionary<(TextStyle Style, int Face), SKFont> _fallbackFonts = [];
    private readonly SKPaint _fill = new() { IsAntialias = true, Style = SKPaintStyle.Fill };
    private readonly SKPaint _stroke = new() { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 0.6f };
    private readonly FontChain _regularChain;
    private readonly FontChain _boldChain;
    private readonly IReadOnlyList<SKTypeface?> _regular;
    private readonly IReadOnlyList<SKTypeface?> _bold;
    private readonly bool _recording;

    /// <param name="regular">The typeface drawn for each face of the regular chain (the full face, or the
    /// document's subset of it); null for a face the document does not use.</param>
    public PageCanvas(FontChain regularChain, FontChain boldChain, IReadOnlyList<SKTypeface?> regular, IReadOnlyList<SKTypeface?> bold, bool recording)
    {
        _regularChain = regularChain;
        _boldChain = boldChain;
        _regular = regular;
        _bold = bold;
        _recording = recording;
        RegularChars = [.. regularChain.Faces.Select(_ => new HashSet<int>())];
        BoldChars = [.. boldChain.Faces.Select(_ => new HashSet<int>())];
    }

    /// <summary>A recording canvas over the full faces of both chains.</summary>
    public static PageCanvas Recording(FontChain regular, FontChain bold) =>
        new(regular, bold, [.. regular.Faces.Select(f => f.Typeface)], [.. bold.Faces.Select(f => f.Typeface)], recording: true);

    /// <summary>Code points drawn in each weight, by face of the chain, collected while recording.</summary>
    public IReadOnlyList<HashSet<int>> RegularChars { get; }
    public IReadOnlyList<HashSet<int>> BoldChars { get; }

    public SKCanvas? Canvas { get; set; }

    private SKCanvas? Surface => _recording ? null : Canvas ?? throw new InvalidOperationException("No page is open.");

    public float Measure(string text, TextStyle style)
    {
        if (Chain(style).Runs(text) is not { } runs) return Get(style).Font.MeasureText(text);
        var width = 0f;
        foreach (var (run, face) in runs) width += FontFor(style, face).MeasureText(run);
        return width;
    }

    public static float LineHeight(TextStyle style) => style.Size * 1.3f;

    public void Text(string text, float x, float baseline, TextStyle style, TextAlign align = TextAlign.Left)
    {
        if (text.Length == 0) return;
        // Partner-supplied text may carry tabs or line breaks; in a one-line cell they would print as boxes.
        if (text.AsSpan().IndexOfAnyInRange('\0', '\x1F') >= 0)
            text = string.Create(text.Length, text, static (span, source) =>
            {
                for (var i = 0; i < source.Length; i++) span[i] = char.IsControl(source[i]) ? ' ' : source[i];
            });
        var (font, paint) = Get(style);
        var runs = Chain(style).Runs(text);
        if (_recording)
        {
            var chars = style.Bold ? BoldChars : RegularChars;
            if (runs is null)
            {
                foreach (var rune in text.EnumerateRunes()) chars[0].Add(rune.Value);
            }
            else
            {
                foreach (var (run, face) in runs)
                foreach (var rune in run.EnumerateRunes())
                    chars[face].Add(rune.Value);
            }

            return;
        }

        if (runs is null)
        {
            var skAlign = align switch
            {
                TextAlign.Right => SKTextAlign.Right,
                TextAlign.Center => SKTextAlign.Center,
                _ => SKTextAlign.Left,
            };
            Surface?.DrawText(text, x, baseline, skAlign, font, paint);
            return;
        }

        // Runs in several faces: placed one after the other from the left edge the alignment gives.
        var widths = runs.Select(r => FontFor(style, r.Face).MeasureText(r.Text)).ToArray();
        var left = align switch
        {
            TextAlign.Right => x - widths.Sum(),
            TextAlign.Center => x - widths.Sum() / 2f,
            _ => x,
        };
        for (var i = 0; i < runs.Count; i++)
        {
            Surface?.DrawText(runs[i].Text, left, baseline, SKTextAlign.Left, FontFor(style, runs[i].Face), paint);
            left += widths[i];
        }
    }

    public void FillRect(float x, float y, float width, float height, SKColor color)
    {
        _fill.Color = color;
        Surface?.DrawRect(x, y, width, height, _fill);
    }

    public void FillRoundRect(float x, float y, float width, float height, float radius, SKColor color)
    {
        _fill.Color = color;
        Surface?.DrawRoundRect(x, y, width, height, radius, radius, _fill);
    }

    public void HLine(float x1, float x2, float y, SKColor color, float width = 0.6f)
    {
        _stroke.Color = color;
        _stroke.StrokeWidth = width;
        Surface?.DrawLine(x1, y, x2, y, _stroke);
    }
    /// <summary>Breaks text into lines no wider than <paramref name="width"/>, at spaces where possible.</summary>
    public IReadOnlyList<string> Wrap(string text, float width, TextStyle style)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var rest = paragraph.Replace('\t', ' ').Replace('\r', ' ');
            if (rest.Length == 0) lines.Add("");
            while (rest.Length > 0)
            {
                var fits = Fits(rest, width, style);
                if (fits >= rest.Length)
                {
                    lines.Add(rest);
                    break;
                }

                var cut = rest.LastIndexOf(' ', Math.Max(fits, 1));
                if (cut <= 0) cut = Math.Max(fits, char.IsHighSurrogate(rest[0]) ? 2 : 1);
                lines.Add(rest[..cut].TrimEnd());
                rest = rest[cut..].TrimStart();
            }
        }

        return lines;
    }

    /// <summary>The style at a smaller size, down to 70%, when the text is too wide for it (key figures).</summary>
    public TextStyle Shrink(string text, float width, TextStyle style)
    {
        var measured = Measure(text, style);
        if (measured <= width) return style;
        var size = MathF.Max(style.Size * 0.7f, MathF.Floor(style.Size * width / measured * 2f) / 2f);
        return style with { Size = size };
    }

    /// <summary>Shortens text with an ellipsis to fit one line (ids and names in narrow columns).</summary>
    public string Fit(string text, float width, TextStyle style)
    {
        if (Measure(text, style) <= width) return text;
        var fits = Fits(text, width - Measure("…", style), style);
        return text[..Math.Max(0, fits)].TrimEnd() + "…";
    }

    /// <summary>How many UTF-16 units from the start of the text fit in the width, never splitting a character.</summary>
    private int Fits(string text, float width, TextStyle style)
    {
        if (Chain(style).Runs(text) is null) return (int)Get(style).Font.BreakText(text, width);
        // Text in several faces: the longest prefix that measures no wider, found by bisection over character
        // boundaries (a few measurements of a short name; SKFont.BreakText knows one face only).
        var bounds = new List<int> { 0 };
        for (var i = 0; i < text.Length; i += char.IsSurrogatePair(text, i) ? 2 : 1) bounds.Add(i + (char.IsSurrogatePair(text, i) ? 2 : 1));
        int low = 0, high = bounds.Count - 1;
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (Measure(text[..bounds[mid]], style) <= width) low = mid;
            else high = mid - 1;
        }

        return bounds[low];
    }

    private FontChain Chain(TextStyle style) => style.Bold ? _boldChain : _regularChain;

    private SKFont FontFor(TextStyle style, int face)
    {
        if (face == 0) return Get(style).Font;
        if (!_fallbackFonts.TryGetValue((style, face), out var font))
        {
            var typeface = (style.Bold ? _bold : _regular)[face] ?? (style.Bold ? _boldChain : _regularChain).Faces[face].Typeface;
            font = NewFont(typeface, style.Size);
            _fallbackFonts[(style, face)] = font;
        }

        return font;
    }

    private static SKFont NewFont(SKTypeface typeface, float size) => new(typeface, size)
    {
        // Outlines as designed, not hinted to a pixel grid: the PDF is scaled by every viewer.
        Hinting = SKFontHinting.None,
        Subpixel = true,
        LinearMetrics = true,
    };

    private (SKFont Font, SKPaint Paint) Get(TextStyle style)
    {
        if (!_styles.TryGetValue(style, out var entry))
        {
            var font = NewFont((style.Bold ? _bold : _regular)[0]!, style.Size);
            entry = (font, new SKPaint { Color = style.Color, IsAntialias = true });
            _styles[style] = entry;
        }

        return entry;
    }

    public void Dispose()
    {
        foreach (var (font, paint) in _styles.Values)
        {
            font.Dispose();
            paint.Dispose();
        }

        foreach (var font in _fallbackFonts.Values) font.Dispose();

        _fill.Dispose();
        _stroke.Dispose();
    }
}
