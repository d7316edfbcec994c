namespace Pipeline.Statements.Pdf;

/// <param name="Width">Fraction of the content width.</param>
/// <param name="Wrap">Long text wraps onto more lines (descriptions); otherwise it is shortened with an ellipsis.</param>
internal sealed record Column(string Header, float Width, TextAlign Align = TextAlign.Left, bool Wrap = false);

internal enum RowKind
{
    Normal,
    /// <summary>A group label inside a table ("Clawbacks and adjustments").</summary>
    Group,
    /// <summary>A subtotal: bold, with a rule above.</summary>
    Subtotal,
    /// <summary>The figure the table exists for: bold on a tinted band.</summary>
    Total,
}

/// <summary>
/// Builds a table as blocks: a header, then one block per row that knows the header, so a table longer
/// than a page continues with its header repeated. Amount columns are right-aligned so digits line up.
/// </summary>
internal sealed class Table
{
    private const float PadX = 4f;
    private const float PadY = 2.25f;
    private readonly IReadOnlyList<Column> _columns;
    private readonly PageCanvas _measure;
    private readonly float[] _x;
    private readonly float[] _w;
    private int _rowIndex;

    public Table(PageCanvas measure, params Column[] columns)
    {
        _measure = measure;
        _columns = columns;
        var total = columns.Sum(c => c.Width);
        _x = new float[columns.Length];
        _w = new float[columns.Length];
        var x = PdfTheme.MarginX;
        for (var i = 0; i < columns.Length; i++)
        {
            _x[i] = x;
            _w[i] = PdfTheme.ContentWidth * columns[i].Width / total;
            x += _w[i];
        }

        Header = BuildHeader();
    }

    public Block Header { get; }

    public Block Row(IReadOnlyList<string> cells, RowKind kind = RowKind.Normal)
    {
        var style = kind switch
        {
            RowKind.Total => TextStyle.CellTotal,
            RowKind.Subtotal => TextStyle.CellBold,
            RowKind.Group => TextStyle.CellHeader,
            _ => TextStyle.Cell,
        };
        var lines = new IReadOnlyList<string>[cells.Count];
        for (var i = 0; i < cells.Count; i++)
        {
            var width = SpanWidth(cells, i) - 2 * PadX;
            lines[i] = _columns[i].Wrap || kind == RowKind.Group
                ? _measure.Wrap(cells[i], kind == RowKind.Group ? PdfTheme.ContentWidth : width, style)
                : [_measure.Fit(cells[i], width, style)];
        }

        var lineHeight = PageCanvas.LineHeight(style);
        var height = lines.Max(l => l.Count) * lineHeight + 2 * PadY;
        var zebra = kind == RowKind.Normal && _rowIndex++ % 2 == 1;
        if (kind != RowKind.Normal) _rowIndex = 0;
        return new Block(height, (c, top) =>
        {
            if (zebra) c.FillRect(PdfTheme.MarginX, top, PdfTheme.ContentWidth, height, PdfTheme.Zebra);
            if (kind == RowKind.Total) c.FillRect(PdfTheme.MarginX, top, PdfTheme.ContentWidth, height, PdfTheme.BrandLight);
            if (kind == RowKind.Subtotal) c.HLine(PdfTheme.MarginX, PdfTheme.Right, top, PdfTheme.Rule);
            for (var i = 0; i < lines.Length; i++)
            {
                var baseline = top + PadY + style.Size;
                foreach (var line in lines[i])
                {
                    c.Text(line, AnchorX(i), baseline, style, _columns[i].Align);
                    baseline += lineHeight;
                }
            }
        }, RepeatHeader: Header);
    }

    /// <summary>A group label spanning the table (first cell only).</summary>
    public Block Group(string label) => Row([label, .. Enumerable.Repeat("", _columns.Count - 1)], RowKind.Group) with { KeepWithNext = true };

    private Block BuildHeader()
    {
        var style = TextStyle.CellHeader;
        var height = PageCanvas.LineHeight(style) + 2 * PadY + 1f;
        return new Block(height, (c, top) =>
        {
            c.FillRect(PdfTheme.MarginX, top, PdfTheme.ContentWidth, height, PdfTheme.BrandLight);
            for (var i = 0; i < _columns.Count; i++)
                c.Text(c.Fit(_columns[i].Header, _w[i] - 2 * PadX, style), AnchorX(i), top + PadY + style.Size, style, _columns[i].Align);
            c.HLine(PdfTheme.MarginX, PdfTheme.Right, top + height, PdfTheme.Brand, 0.8f);
        }, KeepWithNext: true);
    }

    // A left-aligned label may run on into empty cells to its right ("Earned this quarter" on a subtotal row).
    private float SpanWidth(IReadOnlyList<string> cells, int i)
    {
        var width = _w[i];
        if (_columns[i].Align != TextAlign.Left || _columns[i].Wrap) return width;
        for (var j = i + 1; j < cells.Count && cells[j].Length == 0; j++) width += _w[j];
        return width;
    }

    private float AnchorX(int i) => _columns[i].Align switch
    {
        TextAlign.Right => _x[i] + _w[i] - PadX,
        TextAlign.Center => _x[i] + _w[i] / 2,
        _ => _x[i] + PadX,
    };
}
