using Pipeline.Domain.Close;
using Pipeline.Domain.Tests.Builders;
using Xunit;

namespace Pipeline.Domain.Tests.Close;

public sealed class CurrentStateTests
{
    private static readonly DateTimeOffset Monday = new(2026, 10, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_later_file_at_the_same_path_supersedes_the_earlier_version_and_rejected_drops_never_count()
    {
        AuditedDrop[] drops =
        [
            new("d1", "RS-1/deals/q3.csv", "RS-1", "accepted", 1, ["deals/quarter=2026Q3/RS-1-d1.parquet"]),
            new("d2", "RS-1/deals/q3.csv", "RS-1", "accepted", 3, ["deals/quarter=2026Q3/RS-1-d2.parquet"]),
            new("d3", "RS-1/deals/bad.csv", "RS-1", "rejected", 2, []),
            new("d4", "RS-1/deals/q3.csv", "RS-1", "duplicate", 4, []),
        ];

        var current = CurrentState.CurrentDrops(drops);

        Assert.Equal(["d2"], current.Select(d => d.DropId));
    }

    [Fact]
    public void A_deal_re_sent_later_replaces_the_earlier_row_even_when_it_moved_quarter()
    {
        LakeDeal[] rows =
        [
            new(new RowOrigin("d1", 1, 2, Monday), Inputs.Deal("D-1", 1_000m) with { CloseDate = new DateOnly(2026, 9, 29) }),
            new(new RowOrigin("d2", 2, 7, Monday.AddDays(3)), Inputs.Deal("D-1", 1_200m) with { CloseDate = new DateOnly(2026, 10, 2) }),
            new(new RowOrigin("d1", 1, 3, Monday), Inputs.Deal("D-2", 500m)),
        ];

        var current = CurrentState.CurrentDeals(rows);

        Assert.Equal([("D-1", 1_200m, new DateOnly(2026, 10, 2)), ("D-2", 500m, Inputs.InQuarter)],
            current.Select(r => (r.Deal.DealId, r.Deal.UsdNet, r.Deal.CloseDate)));
    }

    [Fact]
    public void Rows_received_at_the_same_time_are_ordered_by_audit_sequence_then_line()
    {
        LakeDeal[] rows =
        [
            new(new RowOrigin("b", 5, 1, Monday), Inputs.Deal("D-1", 1m)),
            new(new RowOrigin("a", 4, 9, Monday), Inputs.Deal("D-1", 2m)),
        ];

        Assert.Equal(1m, CurrentState.CurrentDeals(rows).Single().Deal.UsdNet);
    }
}
