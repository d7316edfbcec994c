using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace Pipeline.Statements.Tests.Support;

/// <summary>Reads a rendered PDF back with PdfPig, an independent reader, as text lines per page.</summary>
public sealed class PdfText
{
    private PdfText(IReadOnlyList<IReadOnlyList<string>> pages, string? creationDate)
    {
        Pages = pages;
        CreationDate = creationDate;
    }

    /// <summary>Each page's text lines, top to bottom; words on a line joined by single spaces.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Pages { get; }

    public string? CreationDate { get; }

    public IEnumerable<string> Lines => Pages.SelectMany(p => p);

    public string All => string.Join("\n", Lines);

    public static PdfText Read(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        var pages = document.GetPages().Select(LinesOf).ToList();
        return new PdfText(pages, document.Information.CreationDate);
    }

    /// <summary>The text line that starts with <paramref name="label"/>; its last word is the row's amount.</summary>
    public string LineStartingWith(string label) =>
        Lines.Single(l => l.StartsWith(label + " ", StringComparison.Ordinal));

    public decimal AmountAfter(string label) =>
        decimal.Parse(LineStartingWith(label).Split(' ')[^1], System.Globalization.NumberStyles.Number | System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture);

    private static IReadOnlyList<string> LinesOf(Page page) =>
        page.GetWords()
            .Where(w => !string.IsNullOrWhiteSpace(w.Text))
            .GroupBy(w => Math.Round(w.Letters[0].StartBaseLine.Y, 0))
            .OrderByDescending(g => g.Key)
            .Select(g => string.Join(" ", g.OrderBy(w => w.BoundingBox.Left).Select(w => w.Text)))
            .ToList();
}
