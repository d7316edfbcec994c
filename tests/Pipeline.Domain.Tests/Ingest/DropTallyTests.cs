using Pipeline.Domain.Ingest;
using Pipeline.Domain.Partners;
using Pipeline.Domain.Reference;
using Xunit;

namespace Pipeline.Domain.Tests.Ingest;

public sealed class DropTallyTests
{
    private static RejectedRow Row(long line, params (string Column, string Code)[] problems) =>
        new(line, problems.Select(p => new RowProblem(p.Column, "", p.Code, $"{p.Column} {p.Code}")).ToArray());

    [Fact]
    public void Rows_read_is_accepted_plus_rejected_and_top_reasons_count_rows()
    {
        var tally = new DropTally();
        tally.Accepted();
        tally.Rejected(Row(3, ("net_amount", "negative_amount")));
        tally.Rejected(Row(4, ("net_amount", "negative_amount"), ("close_date", "invalid_date")));
        tally.Rejected(Row(5, ("currency", "no_fx_rate")));
        var outcome = tally.Complete();

        Assert.Equal(4, outcome.RowsRead);
        Assert.Equal(1, outcome.RowsAccepted);
        Assert.Equal(3, outcome.RowsRejected);
        Assert.Equal(("negative_amount", 2L), (outcome.TopReasons[0].Code, outcome.TopReasons[0].Rows));
        Assert.Equal(3, outcome.TopReasons.Count);
    }

    [Fact]
    public void A_drop_rejected_as_a_whole_accepts_nothing()
    {
        var tally = new DropTally();
        tally.Accepted();
        tally.Accepted();
        var outcome = tally.Reject(new DropRejection(DropRejection.Codes.Encoding, "not UTF-8", 9));
        Assert.True(outcome.IsRejected);
        Assert.Equal((2L, 0L, 2L), (outcome.RowsRead, outcome.RowsAccepted, outcome.RowsRejected));
    }

    [Fact]
    public void Drops_from_unknown_partners_or_in_unknown_folders_are_rejected()
    {
        var registry = new PartnerRegistry([new Partner("acme", "Acme", PartnerType.Reseller, 0, 1000, new DateOnly(2024, 1, 1), PartnerStatus.Active)]);
        var (address, none) = DropAddress.Parse("drops/acme/deals/july.csv", registry);
        Assert.Null(none);
        Assert.Equal(new DropAddress("acme", DropKind.Deals, "july.csv"), address);

        Assert.Equal(DropRejection.Codes.UnknownPartner, DropAddress.Parse("globex/deals/july.csv", registry).Rejection!.Code);
        var kind = DropAddress.Parse("acme/invoices/july.csv", registry).Rejection!;
        Assert.Equal(DropRejection.Codes.UnknownKind, kind.Code);
        Assert.Contains("put deals in acme/deals/", kind.Reason, StringComparison.Ordinal);
        Assert.Equal(DropRejection.Codes.UnknownKind, DropAddress.Parse("acme/july.csv", registry).Rejection!.Code);
    }
}
