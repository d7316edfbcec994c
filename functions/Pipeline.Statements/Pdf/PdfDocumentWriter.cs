using SkiaSharp;

namespace Pipeline.Statements.Pdf;

/// <summary>What a document says about itself: PDF metadata and the running header and footer.</summary>
/// <param name="Date">Creation and modification date. Taken from the quarter, never the clock, so that the same
/// inputs give byte-identical files.</param>
/// <param name="RunningHeader">Printed at the top of continuation pages, so a loose page still says whose it is.</param>
internal sealed record PdfDocumentInfo(string Title, string Subject, DateTime Date, string RunningHeader, string FooterLeft);

/// <summary>Lays blocks out on A4 pages and writes the PDF: measured first, drawn second.</summary>
internal static class PdfDocumentWriter
{
    private const float RunningHeaderHeight = 12f;

    /// <param name="compose">Builds the blocks, measuring text with the full typefaces.</param>
    public static byte[] Write(PdfDocumentInfo info, Func<PageCanvas, IReadOnlyList<Block>> compose)
    {
        List<List<PlacedBlock>> pages;
        IReadOnlyList<HashSet<int>> regularChars, boldChars;
        using (var measure = PageCanvas.Recording(PdfFonts.Regular, PdfFonts.Bold))
        {
            pages = Paginator.Paginate(
                compose(measure),
                PdfTheme.ContentTop,
                PdfTheme.ContentTop + RunningHeaderHeight,
                PdfTheme.ContentBottom);

            // A dry run of the drawing collects every character the pages use, so only their glyphs are embedded.
            DrawPages(measure, pages, info, beginPage: null);
            (regularChars, boldChars) = (measure.RegularChars, measure.BoldChars);
        }

        // The first face is always subset (it draws the layout); a fallback face only when the document uses it.
        var leases = new List<FontLease>();
        try
        {
            var regular = Subsets(PdfFonts.Regular, regularChars, leases);
            var bold = Subsets(PdfFonts.Bold, boldChars, leases);
            return Draw(info, pages, regular, bold);
        }
        finally
        {
            foreach (var lease in leases) lease.Dispose();
        }
    }

    private static SKTypeface?[] Subsets(FontChain chain, IReadOnlyList<HashSet<int>> chars, List<FontLease> leases)
    {
        var faces = new SKTypeface?[chain.Faces.Count];
        for (var i = 0; i < faces.Length; i++)
        {
            if (i > 0 && chars[i].Count == 0) continue;
            var lease = chain.Faces[i].SubsetFor(chars[i]);
            leases.Add(lease);
            faces[i] = lease.Typeface;
        }

        return faces;
    }

    private static byte[] Draw(PdfDocumentInfo info, List<List<PlacedBlock>> pages, SKTypeface?[] regular, SKTypeface?[] bold)
    {
        using var canvas = new PageCanvas(PdfFonts.Regular, PdfFonts.Bold, regular, bold, recording: false);
        using var stream = new MemoryStream();
        var metadata = new SKDocumentPdfMetadata
        {
            Title = info.Title,
            Subject = info.Subject,
            Author = "Partner Payouts",
            Creator = "Partner Payouts statements",
            Producer = "Partner Payouts",
            Creation = info.Date,
            Modified = info.Date,
        };
        using (var document = SKDocument.CreatePdf(stream, metadata))
        {
            DrawPages(canvas, pages, info, beginPage: () => document.BeginPage(PdfTheme.PageWidth, PdfTheme.PageHeight), endPage: document.EndPage);
            document.Close();
        }

        return stream.ToArray();
    }

    private static void DrawPages(
        PageCanvas canvas, List<List<PlacedBlock>> pages, PdfDocumentInfo info, Func<SKCanvas>? beginPage, Action? endPage = null)
    {
        for (var n = 0; n < pages.Count; n++)
        {
            canvas.Canvas = beginPage?.Invoke();
            if (n > 0) DrawRunningHeader(canvas, info.RunningHeader);
            foreach (var placed in pages[n]) placed.Block.Draw(canvas, placed.Top);
            DrawFooter(canvas, info.FooterLeft, n + 1, pages.Count);
            endPage?.Invoke();
            canvas.Canvas = null;
        }
    }

    public static string PageLabel(int page, int pages) => $"Page {page} of {pages}";

    private static void DrawRunningHeader(PageCanvas canvas, string text)
    {
        var baseline = PdfTheme.ContentTop - 8f;
        canvas.Text(canvas.Fit(text, PdfTheme.ContentWidth, TextStyle.Small), PdfTheme.MarginX, baseline, TextStyle.Small);
        canvas.HLine(PdfTheme.MarginX, PdfTheme.Right, baseline + 6f, PdfTheme.Rule);
    }

    /// <summary>
    /// The reference on the left, wrapped at a space to the width the page number leaves free; the rest goes on a
    /// second line below, which has the full width (shortened with an ellipsis if even that is too little), so a
    /// long partner id never runs into "Page n of m".
    /// </summary>
    private static void DrawFooter(PageCanvas canvas, string left, int page, int pages)
    {
        const float gap = 12f;
        var y = PdfTheme.PageHeight - 30f;
        canvas.HLine(PdfTheme.MarginX, PdfTheme.Right, y - 12f, PdfTheme.Rule);
        var label = PageLabel(page, pages);
        var first = canvas.Wrap(left, PdfTheme.ContentWidth - canvas.Measure(label, TextStyle.Small) - gap, TextStyle.Small)[0];
        canvas.Text(first, PdfTheme.MarginX, y, TextStyle.Small);
        var rest = left[first.Length..].Trim();
        if (rest.Length > 0)
            canvas.Text(canvas.Fit(rest, PdfTheme.ContentWidth, TextStyle.Small), PdfTheme.MarginX, y + PageCanvas.LineHeight(TextStyle.Small), TextStyle.Small);
        canvas.Text(label, PdfTheme.Right, y, TextStyle.Small, TextAlign.Right);
    }
}
