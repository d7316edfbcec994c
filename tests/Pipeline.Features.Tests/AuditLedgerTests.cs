using Azure.Data.Tables;
using Pipeline.Azure;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Features.Tests;

[Collection(AzuriteFixture.Collection)]
public sealed class AuditLedgerTests(AzuriteFixture azurite)
{
    private static AuditRecord Drop(string partner, string id, string outcome = "received") => new()
    {
        DropId = id,
        Path = $"{partner}/deals/{id}.csv",
        PartnerId = partner,
        Kind = "deals",
        FileName = $"{id}.csv",
        Size = 100,
        Sha256 = new string('a', 64),
        ReceivedAt = new DateTimeOffset(2026, 7, 1, 10, 0, 0, TimeSpan.Zero),
        CompletedAt = new DateTimeOffset(2026, 7, 1, 10, 0, 1, TimeSpan.Zero),
        Outcome = outcome,
        RowsRead = 10,
        RowsAccepted = 9,
        RowsRejected = 1,
    };

    [Fact]
    public async Task Records_of_a_partner_form_a_chain_that_verifies()
    {
        var ledger = new AuditLedger(await azurite.NewAccount());
        await ledger.AppendAsync(Drop("p-1", "d1"));
        await ledger.AppendAsync(Drop("p-1", "d2"));
        await ledger.AppendAsync(Drop("p-2", "d3"));

        var chain = await ledger.ReadAsync("p-1");
        var (records, problems) = await ledger.VerifyAsync();

        Assert.Equal([1L, 2L], chain.Select(r => r.Sequence));
        Assert.Equal("", chain[0].PreviousHash);
        Assert.Equal(chain[0].Hash, chain[1].PreviousHash);
        Assert.Equal(3, records);
        Assert.Empty(problems);
    }

    [Fact]
    public async Task The_same_drop_is_recorded_once()
    {
        var ledger = new AuditLedger(await azurite.NewAccount());
        var first = await ledger.AppendAsync(Drop("p-1", "d1"));
        var again = await ledger.AppendAsync(Drop("p-1", "d1") with { Outcome = "rejected" });

        Assert.False(first.AlreadyRecorded);
        Assert.True(again.AlreadyRecorded);
        Assert.Equal("received", again.Record.Outcome);
        Assert.Single(await ledger.ReadAsync("p-1"));
    }

    [Fact]
    public async Task Concurrent_appends_for_one_partner_never_fork_the_chain()
    {
        var ledger = new AuditLedger(await azurite.NewAccount());
        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => ledger.AppendAsync(Drop("p-1", $"d{i:D2}"))));

        var chain = await ledger.ReadAsync("p-1");
        var (_, problems) = await ledger.VerifyAsync();

        Assert.Equal(Enumerable.Range(1, 12).Select(i => (long)i), chain.Select(r => r.Sequence));
        Assert.Empty(problems);
    }

    [Fact]
    public async Task Editing_a_record_is_detected_where_it_happened()
    {
        var account = await azurite.NewAccount();
        var ledger = new AuditLedger(account);
        foreach (var id in new[] { "d1", "d2", "d3" }) await ledger.AppendAsync(Drop("p-1", id));
        var table = account.Table(Names.DropAuditTable);
        var row = (await table.GetEntityAsync<TableEntity>("p-1", "d2")).Value;
        row["RowsAccepted"] = 10L; // someone "fixes" the counts after the fact
        await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);

        var (_, problems) = await ledger.VerifyAsync();

        var problem = Assert.Single(problems);
        Assert.Equal("d2", problem.DropId);
        Assert.Contains("altered", problem.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_a_record_is_detected()
    {
        var account = await azurite.NewAccount();
        var ledger = new AuditLedger(account);
        foreach (var id in new[] { "d1", "d2", "d3" }) await ledger.AppendAsync(Drop("p-1", id));
        await account.Table(Names.DropAuditTable).DeleteEntityAsync("p-1", "d2");

        var (_, problems) = await ledger.VerifyAsync();

        Assert.Contains(problems, p => p.DropId == "d3" && p.Problem.Contains("link", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Problem.Contains("the head says 3 record(s)", StringComparison.Ordinal));
    }
}
