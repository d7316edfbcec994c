using SkiaSharp;

namespace Pipeline.Statements.Pdf;

internal enum TextAlign
{
    Left,
    Right,
    Center,
}

/// <summary>A text style: weight, size and colour.</summary>
internal sealed record TextStyle(bool Bold, float Size, SKColor Color)
{
    public static readonly TextStyle Body = new(false, 9f, PdfTheme.Ink);
    public static readonly TextStyle BodyBold = new(true, 9f, PdfTheme.Ink);
    public static readonly TextStyle Small = new(false, 7.5f, PdfTheme.Muted);
    public static readonly TextStyle Cell = new(false, 8.5f, PdfTheme.Ink);
    public static readonly TextStyle CellBold = new(true, 8.5f, PdfTheme.Ink);
    public static readonly TextStyle CellTotal = new(true, 9.5f, PdfTheme.Brand);
    public static readonly TextStyle CellHeader = new(true, 8f, PdfTheme.Brand);
    public static readonly TextStyle Section = new(true, 11.5f, PdfTheme.Brand);
    public static readonly TextStyle Title = new(true, 18f, PdfTheme.Ink);
    public static readonly TextStyle Label = new(false, 7.5f, PdfTheme.Muted);
    public static readonly TextStyle Figure = new(true, 13f, PdfTheme.Ink);
    public static readonly TextStyle FigureInverse = new(true, 13f, PdfTheme.White);
    public static readonly TextStyle LabelInverse = new(false, 7.5f, PdfTheme.BrandLight);

    public TextStyle WithColor(SKColor color) => this with { Color = color };
}
