using Pipeline.Domain;
using Pipeline.Domain.Close;
using Pipeline.Domain.Payouts;
using Pipeline.Close;
using Pipeline.Testing;
using Xunit;
using Pipeline.Azure;

namespace Pipeline.Features.Tests.Close;

[Collection(AzuriteFixture.Collection)]
public sealed class ClosedQuarterLedgerTests(AzuriteFixture azurite)
{
    private static readonly Quarter Q = new(2026, 3);

    private static ClosedPartnerQuarter Record(string partner, int paidDeals) => new(
        partner, Q, "gold", 1_234_567.89m, 0.09m, 111_111.11m, 111_111.11m,
        [.. Enumerable.Range(0, paidDeals).Select(i => new PaidDeal($"{partner}-DEAL-{i:D6}", 1_000m + i, 0.09m, i % 7 == 0))],
        [], [$"{partner}-DEAL-000001"], []);

    [Theory]
    [InlineData(3)]     // fits a string property: stored as readable JSON
    [InlineData(4_000)] // over 64 KB of JSON: gzipped into binary chunks
    public async Task A_partners_closed_quarter_reads_back_whole_however_many_deals_it_paid(int paidDeals)
    {
        var ledger = new ClosedQuarterLedger(await azurite.NewAccount());
        var record = Record("p-1", paidDeals);
        await ledger.RecordPartnerAsync(record);
        await ledger.RecordPartnerAsync(Record("p-2", 10));

        var read = Assert.Single(await ledger.PartnerHistoryAsync("p-1", new HashSet<string> { Q.ToString() }));
        Assert.Equal(CloseJson.Text(record), CloseJson.Text(read));
        var histories = await ledger.PartnerHistoriesAsync(["p-1", "p-2", "p-3"], new HashSet<string> { Q.ToString() });
        Assert.Equal(CloseJson.Text(record), CloseJson.Text(Assert.Single(histories["p-1"])));
        Assert.Empty(histories["p-3"]);
        Assert.Equal(new Dictionary<string, decimal> { ["p-1"] = 111_111.11m, ["p-2"] = 111_111.11m }, await ledger.QuarterTotalsAsync(Q));

        // the first record stands: a repeat (a retried activity) changes nothing
        await ledger.RecordPartnerAsync(Record("p-1", 5));
        Assert.Equal(paidDeals, Assert.Single(await ledger.PartnerHistoryAsync("p-1", new HashSet<string> { Q.ToString() })).PaidDeals.Count);
    }

    [Fact]
    public void The_row_is_json_when_small_and_gzipped_chunks_when_not()
    {
        var small = ClosedQuarterLedger.PartnerEntity(Record("p-1", 3));
        var big = ClosedQuarterLedger.PartnerEntity(Record("p-1", 4_000));
        Assert.NotNull(small.GetString("Json"));
        Assert.Null(big.GetString("Json"));
        Assert.True(big.GetInt32("Chunks") >= 1);
        Assert.All(Enumerable.Range(0, big.GetInt32("Chunks")!.Value), i => Assert.InRange(big.GetBinary($"Gzip{i}").Length, 1, 64 * 1024));
        Assert.Equal(CloseJson.Text(Record("p-1", 4_000)), CloseJson.Text(ClosedQuarterLedger.ReadPartner(big)));
    }
}
