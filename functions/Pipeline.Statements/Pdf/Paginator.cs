namespace Pipeline.Statements.Pdf;

/// <summary>Flows blocks down pages, repeating table headers on continuation pages.</summary>
internal static class Paginator
{
    public static List<List<PlacedBlock>> Paginate(IReadOnlyList<Block> blocks, float firstTop, float top, float bottom)
    {
        var pages = new List<List<PlacedBlock>> { new() };
        var y = firstTop;
        for (var i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i];
            var needed = block.Height + FollowingHeight(blocks, i);
            var page = pages[^1];
            if (y + needed > bottom && page.Count > 0)
            {
                page = [];
                pages.Add(page);
                y = top;
                if (block.RepeatHeader is { } header)
                {
                    page.Add(new PlacedBlock(header, y));
                    y += header.Height;
                }
            }

            // A space at the top of a page only pushes content down.
            if (page.Count == 0 && block.IsSpacer) continue;
            page.Add(new PlacedBlock(block, y));
            y += block.Height;
        }

        return pages;
    }

    // Keep-with-next chains (a section heading, then a table header) travel with the first real block after them.
    private static float FollowingHeight(IReadOnlyList<Block> blocks, int i)
    {
        var height = 0f;
        while (blocks[i].KeepWithNext && i + 1 < blocks.Count)
        {
            i++;
            height += blocks[i].Height;
        }

        return height;
    }
}
