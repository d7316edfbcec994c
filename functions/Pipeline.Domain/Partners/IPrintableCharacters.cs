namespace Pipeline.Domain.Partners;

/// <summary>
/// Which characters statements can print with a real glyph. Partner names are printed on every statement, so the
/// registry import refuses a name with a character no statement font has (it would print as an empty box).
/// The statement layer owns the fonts, and SkiaSharp to read them, and provides this; the domain stays free of
/// both and only asks, through this one question.
/// </summary>
public interface IPrintableCharacters
{
    bool CanPrint(int codePoint);
}
