using SkiaSharp;

namespace Pipeline.Statements.Pdf;

/// <summary>Page geometry (A4 in points) and the palette, so every document looks like one family.</summary>
internal static class PdfTheme
{
    public const float PageWidth = 595f;
    public const float PageHeight = 842f;
    public const float MarginX = 48f;
    public const float ContentTop = 44f;
    /// <summary>Content stops here; the footer sits below.</summary>
    public const float ContentBottom = PageHeight - 56f;
    public const float ContentWidth = PageWidth - 2 * MarginX;
    public const float Right = PageWidth - MarginX;

    public static readonly SKColor Ink = new(0x1B, 0x22, 0x2C);
    public static readonly SKColor Muted = new(0x5C, 0x67, 0x75);
    public static readonly SKColor Brand = new(0x1F, 0x3A, 0x5F);
    public static readonly SKColor BrandLight = new(0xE6, 0xEC, 0xF4);
    public static readonly SKColor Zebra = new(0xF6, 0xF8, 0xFB);
    public static readonly SKColor Rule = new(0xC8, 0xD2, 0xDE);
    public static readonly SKColor Warning = new(0x9A, 0x3B, 0x12);
    public static readonly SKColor WarningLight = new(0xFD, 0xF0, 0xE6);
    public static readonly SKColor White = SKColors.White;
}
