using System.Diagnostics.CodeAnalysis;

namespace Pipeline.Statements.Pdf;

/// <summary>Blocks for running text: section headings, wrapped paragraphs, bullet lists, label/value pairs.</summary>
[SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Every block is built through the Flow of its document, whether or not that block measures text.")]
internal sealed class Flow(PageCanvas measure)
{
    public Block Heading(string text) =>
        new(26f, (c, top) =>
        {
            c.Text(text, PdfTheme.MarginX, top + 16f, TextStyle.Section);
            c.HLine(PdfTheme.MarginX, PdfTheme.Right, top + 21f, PdfTheme.Brand, 0.8f);
        }, KeepWithNext: true);

    /// <summary>One block per wrapped line, so long paragraphs flow across pages.</summary>
    public IEnumerable<Block> Paragraph(string text, TextStyle? style = null, float indent = 0f, string? bullet = null)
    {
        var s = style ?? TextStyle.Body;
        var lineHeight = PageCanvas.LineHeight(s);
        var lines = measure.Wrap(text, PdfTheme.ContentWidth - indent, s);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var first = i == 0;
            yield return new Block(lineHeight, (c, top) =>
            {
                if (first && bullet is not null) c.Text(bullet, PdfTheme.MarginX + indent - 10f, top + s.Size, s);
                c.Text(line, PdfTheme.MarginX + indent, top + s.Size, s);
            });
        }
    }

    public IEnumerable<Block> Bullets(IEnumerable<string> items, TextStyle? style = null)
    {
        foreach (var item in items)
        {
            foreach (var block in Paragraph(item, style, indent: 12f, bullet: "•")) yield return block;
            yield return Block.Space(1.5f);
        }
    }

    /// <summary>Label/value pairs in columns, e.g. the statement's header facts.</summary>
    public Block Facts(IReadOnlyList<(string Label, string Value)> facts, int columns)
    {
        var rows = (facts.Count + columns - 1) / columns;
        const float rowHeight = 24f;
        var width = PdfTheme.ContentWidth / columns;
        return new Block(rows * rowHeight, (c, top) =>
        {
            for (var i = 0; i < facts.Count; i++)
            {
                var x = PdfTheme.MarginX + i % columns * width;
                var y = top + i / columns * rowHeight;
                c.Text(facts[i].Label.ToUpperInvariant(), x, y + 8f, TextStyle.Label);
                c.Text(c.Fit(facts[i].Value, width - 8f, TextStyle.BodyBold), x, y + 19f, TextStyle.BodyBold);
            }
        });
    }

    /// <summary>
    /// The key figures as boxes across the page; the last one (balance due) is filled with the brand colour
    /// because it is the number the partner is looking for.
    /// </summary>
    public Block KeyFigures(IReadOnlyList<(string Label, string Value)> figures)
    {
        const float height = 40f;
        const float gap = 8f;
        var width = (PdfTheme.ContentWidth - gap * (figures.Count - 1)) / figures.Count;
        return new Block(height, (c, top) =>
        {
            for (var i = 0; i < figures.Count; i++)
            {
                var x = PdfTheme.MarginX + i * (width + gap);
                var emphasised = i == figures.Count - 1;
                c.FillRoundRect(x, top, width, height, 3f, emphasised ? PdfTheme.Brand : PdfTheme.BrandLight);
                c.Text(figures[i].Label.ToUpperInvariant(), x + 9f, top + 13f, emphasised ? TextStyle.LabelInverse : TextStyle.Label);
                var figure = c.Shrink(figures[i].Value, width - 18f, emphasised ? TextStyle.FigureInverse : TextStyle.Figure);
                c.Text(c.Fit(figures[i].Value, width - 18f, figure), x + width - 9f, top + 31f, figure, TextAlign.Right);
            }
        });
    }

    /// <summary>A tinted box with a bold first line, for "payout on hold" and similar warnings.</summary>
    public Block Callout(string title, string text)
    {
        var lines = measure.Wrap(text, PdfTheme.ContentWidth - 20f, TextStyle.Body);
        var lineHeight = PageCanvas.LineHeight(TextStyle.Body);
        var height = 22f + lines.Count * lineHeight + 6f;
        return new Block(height, (c, top) =>
        {
            c.FillRoundRect(PdfTheme.MarginX, top, PdfTheme.ContentWidth, height, 3f, PdfTheme.WarningLight);
            c.FillRect(PdfTheme.MarginX, top, 3f, height, PdfTheme.Warning);
            c.Text(title, PdfTheme.MarginX + 10f, top + 15f, TextStyle.BodyBold.WithColor(PdfTheme.Warning));
            var baseline = top + 22f + TextStyle.Body.Size;
            foreach (var line in lines)
            {
                c.Text(line, PdfTheme.MarginX + 10f, baseline, TextStyle.Body);
                baseline += lineHeight;
            }
        });
    }
}
