using Pipeline.Statements.Pdf;
using Pipeline.Statements.Tests.Builders;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;

namespace Pipeline.Statements.Tests;

/// <summary>The footer keeps the statement reference and the page number apart, however long the partner id.</summary>
public sealed class StatementFooterTests
{
    [Theory]
    [InlineData("AG-0042")]
    [InlineData("AG-partner-with-the-longest-id-the-registry-accepts-0123456789ab")]
    public void Page_number_and_reference_do_not_overlap_and_the_reference_is_whole(string partnerId)
    {
        Assert.Equal(partnerId.Length > 10 ? 64 : partnerId.Length, partnerId.Length);
        var builder = PayoutResultBuilder.Agency().Partner(partnerId, "Zürich Média Ünion").Line("base", "Base fee", 20_000m, 1m);
        for (var i = 1; i <= 120; i++) builder.Line("performance-bonus", $"Deal line {i:D3}", 1_000m + i, 0.05m);
        var bytes = StatementPdfRenderer.Render(TestStatements.For(builder.Build()));

        using var document = PdfDocument.Open(bytes);
        Assert.True(document.NumberOfPages > 1);
        foreach (var page in document.GetPages())
        {
            // Footer: everything below the rule 42 pt above the bottom edge (PDF y runs upwards).
            var footer = page.GetWords().Where(w => w.BoundingBox.Top < 42).OrderBy(w => w.BoundingBox.Bottom).ThenBy(w => w.BoundingBox.Left).ToList();
            var label = PageLabelWords(footer, page.Number, document.NumberOfPages);
            var labelBox = Union(label.Select(w => w.BoundingBox));
            foreach (var word in footer.Except(label))
                Assert.False(Intersects(word.BoundingBox, labelBox), $"Page {page.Number}: '{word.Text}' at {word.BoundingBox} overprints the page number at {labelBox}.");
            Assert.All(footer, w => Assert.InRange(w.BoundingBox.Right, 0, 595 - 48 + 0.5));
            Assert.True(footer.Any(w => w.Text.Contains($"{partnerId}/2026Q3", StringComparison.Ordinal)), string.Join(" | ", footer.Select(w => $"{w.Text}@{w.BoundingBox.Bottom:F0}")));
        }
    }

    private static List<Word> PageLabelWords(List<Word> footer, int page, int pages)
    {
        for (var i = 0; i + 3 < footer.Count; i++)
        {
            if (footer[i].Text == "Page" && footer[i + 1].Text == $"{page}" && footer[i + 2].Text == "of" && footer[i + 3].Text == $"{pages}")
                return footer.GetRange(i, 4);
        }

        throw new Xunit.Sdk.XunitException($"No 'Page {page} of {pages}' in the footer: {string.Join(" ", footer.Select(w => w.Text))}");
    }

    private static PdfRectangle Union(IEnumerable<PdfRectangle> boxes)
    {
        var list = boxes.ToList();
        return new PdfRectangle(list.Min(b => b.Left), list.Min(b => b.Bottom), list.Max(b => b.Right), list.Max(b => b.Top));
    }

    private static bool Intersects(PdfRectangle a, PdfRectangle b) =>
        a.Left < b.Right && b.Left < a.Right && a.Bottom < b.Top && b.Bottom < a.Top;
}
