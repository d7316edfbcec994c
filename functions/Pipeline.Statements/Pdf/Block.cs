namespace Pipeline.Statements.Pdf;

/// <summary>
/// A piece of a document with a known height that never splits across pages: a heading, a table row,
/// a paragraph line. Layout is measured first and drawn second, so the page count is known before any
/// "Page n of m" footer is written.
/// </summary>
/// <param name="Draw">Draws the block with its top edge at the given y.</param>
/// <param name="RepeatHeader">For a table row: the table's header, drawn again when the row starts a new page.</param>
/// <param name="KeepWithNext">A heading: moved to the next page rather than left alone at a page's bottom.</param>
internal sealed record Block(
    float Height,
    Action<PageCanvas, float> Draw,
    Block? RepeatHeader = null,
    bool KeepWithNext = false,
    bool IsSpacer = false)
{
    /// <summary>Vertical space; dropped when it would open a page.</summary>
    public static Block Space(float height) => new(height, static (_, _) => { }, IsSpacer: true);
}

/// <summary>A block placed at a vertical position on a page.</summary>
internal readonly record struct PlacedBlock(Block Block, float Top);
