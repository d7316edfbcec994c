using Pipeline.Statements.Pdf;

namespace Pipeline.Statements.Tests;

public sealed class PaginatorTests
{
    private static readonly Action<PageCanvas, float> Nothing = (_, _) => { };

    [Fact]
    public void Heading_at_the_bottom_of_a_page_moves_to_the_next_page_with_what_follows()
    {
        var filler = new Block(90f, Nothing);
        var heading = new Block(10f, Nothing, KeepWithNext: true);
        var paragraph = new Block(10f, Nothing);

        var pages = Paginator.Paginate([filler, heading, paragraph], firstTop: 0f, top: 0f, bottom: 105f);

        Assert.Equal([filler], pages[0].Select(p => p.Block));
        Assert.Equal([heading, paragraph], pages[1].Select(p => p.Block));
    }

    [Fact]
    public void Table_row_that_opens_a_page_brings_its_header_and_leading_space_is_dropped()
    {
        var header = new Block(5f, Nothing, KeepWithNext: true);
        var rows = Enumerable.Range(0, 5).Select(_ => new Block(10f, Nothing, RepeatHeader: header)).ToList();
        var space = Block.Space(8f);

        var pages = Paginator.Paginate([header, .. rows, space, new Block(30f, Nothing)], firstTop: 0f, top: 2f, bottom: 40f);

        Assert.Equal([header, rows[0], rows[1], rows[2]], pages[0].Select(p => p.Block));
        Assert.Equal([header, rows[3], rows[4], space], pages[1].Select(p => p.Block));
        Assert.Equal([2f, 7f, 17f, 27f], pages[1].Select(p => p.Top));
        Assert.Single(pages[2]); // the 30 pt block, without the space before it
        Assert.Equal(2f, pages[2][0].Top);
    }
}
