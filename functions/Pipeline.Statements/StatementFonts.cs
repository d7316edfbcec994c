using Pipeline.Domain.Partners;
using Pipeline.Statements.Pdf;

namespace Pipeline.Statements;

/// <summary>The characters statements print: those of the fonts they ship and DejaVu Sans (see PdfFonts), in both weights.</summary>
public sealed class StatementFonts : IPrintableCharacters
{
    public static readonly StatementFonts Printable = new();

    private StatementFonts()
    {
    }

    public bool CanPrint(int codePoint) => PdfFonts.CanPrint(codePoint);
}
