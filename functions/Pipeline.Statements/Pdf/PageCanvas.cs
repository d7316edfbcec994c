using SkiaSharp;

namespace Pipeline.Statements.Pdf;

/// <summary>
/// Drawing helpers over one page, and text measurement for layout. Fonts are cached per style: creating
/// SKFont objects per call was the largest cost when rendering a thousand statements. A canvas created
/// for recording draws nothing and collects the glyphs each typeface needs, so the document can embed
/// font subsets.
/// </summary>
internal sealed class PageCanvas : IDisposable
{
    private readonly Dictionary<TextStyle, (SKFont Font, SKPaint Paint)> _styles = [];
    private readonly SKPaint _fill = new() { IsAntialias = true, Style = SKPaintStyle.Fill };
    private readonly SKPaint _stroke = new() { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 0.6f };
    private readonly SKTypeface _regular;
    private readonly SKTypeface _bold;
    private readonly bool _recording;

    public PageCanvas(SKTypeface regular, SKTypeface bold, bool recording)
    {
        _regular = regular;
        _bold = bold;
        _recording = recording;
    }

    /// <summary>Code points drawn in each weight, collected while recording.</summary>
    public HashSet<int> RegularChars { get; } = [];
    public HashSet<int> BoldChars { get; } = [];

    public SKCanvas? Canvas { get; set; }

    private SKCanvas? Surface => _recording ? null : Canvas ?? throw new InvalidOperationException("No page is open.");

    public float Measure(string text, TextStyle style) => Get(style).Font.MeasureText(text);

    public float LineHeight(TextStyle style) => style.Size * 1.3f;

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
        if (_recording)
        {
            var chars = style.Bold ? BoldChars : RegularChars;
            foreach (var rune in text.EnumerateRunes()) chars.Add(rune.Value);
            return;
        }

        var skAlign = align switch
        {
            TextAlign.Right => SKTextAlign.Right,
            TextAlign.Center => SKTextAlign.Center,
            _ => SKTextAlign.Left,
        };
        Surface?.DrawText(text, x, baseline, skAlign, font, paint);
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
        var font = Get(style).Font;
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var rest = paragraph.Replace('\t', ' ').Replace('\r', ' ');
            if (rest.Length == 0) lines.Add("");
            while (rest.Length > 0)
            {
                var fits = (int)font.BreakText(rest, width);
                if (fits >= rest.Length)
                {
                    lines.Add(rest);
                    break;
                }

                var cut = rest.LastIndexOf(' ', Math.Max(fits, 1));
                if (cut <= 0) cut = Math.Max(fits, 1);
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
        var font = Get(style).Font;
        var fits = (int)font.BreakText(text, width - Measure("…", style));
        return text[..Math.Max(0, fits)].TrimEnd() + "…";
    }

    private (SKFont Font, SKPaint Paint) Get(TextStyle style)
    {
        if (!_styles.TryGetValue(style, out var entry))
        {
            var font = new SKFont(style.Bold ? _bold : _regular, style.Size)
            {
                // Outlines as designed, not hinted to a pixel grid: the PDF is scaled by every viewer.
                Hinting = SKFontHinting.None,
                Subpixel = true,
                LinearMetrics = true,
            };
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

        _fill.Dispose();
        _stroke.Dispose();
    }
}
