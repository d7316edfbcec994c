using Microsoft.Extensions.DependencyInjection;
using Pipeline.Domain;
using Pipeline.Azure;
using Pipeline.Close;
using Pipeline.Dev.CrossChecks;
using Pipeline.Ingest;
using Pipeline.Testing;
using Pipeline.LocalHost;
using Xunit;

namespace Pipeline.Functions.Tests.Close;

/// <summary>The file-level seeding of a generated quarter (used at scale) leaves what DropReceiver leaves for the same drops.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class GeneratedQuarterSeedTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task File_level_seeding_leaves_the_lake_audit_and_receipts_that_the_receiver_leaves()
    {
        var generated = new GeneratedCloseQuarter(new Quarter(2025, 4), partners: 12, deals: 600);
        await using var viaReceiver = await TestApp.StartAsync(azurite.NewConnectionString(), triggers: false);
        await using var fileLevel = await TestApp.StartAsync(azurite.NewConnectionString(), triggers: false);
        await generated.SeedAsync(viaReceiver.Storage, Audit(viaReceiver), viaReceiver.Services.GetRequiredService<DropReceiver>(), CloseSeedPath.Receiver);
        await generated.SeedAsync(fileLevel.Storage, Audit(fileLevel), null, CloseSeedPath.FileLevel);

        var expected = await StateAsync(viaReceiver);
        var actual = await StateAsync(fileLevel);
        Assert.Equal(12, expected.Audit.Count);
        Assert.Equal(expected.Audit, actual.Audit);
        Assert.Equal(expected.Rows, actual.Rows);
        Assert.True(expected.Rows.Count > 300, $"only {expected.Rows.Count} rows");
        Assert.Equal(expected.Receipts, actual.Receipts);
        Assert.Equal(expected.Feedback, actual.Feedback);
    }

    private static AuditLedger Audit(LocalApp app) => app.Services.GetRequiredService<AuditLedger>();

    /// <summary>Everything the close and the sweeper read, without what differs by account (ETags, drop ids derived from
    /// them, times): audit records, current lake rows, receipts, feedback reports.</summary>
    private static async Task<(List<string> Audit, List<string> Rows, List<string> Receipts, List<string> Feedback)> StateAsync(LocalApp app)
    {
        var audit = new List<AuditRecord>();
        await foreach (var r in Audit(app).ReadAllAsync()) audit.Add(r);
        var ids = audit.ToDictionary(r => r.DropId, r => r.Path, StringComparer.Ordinal);
        string Normal(string text) => ids.Aggregate(text, (t, kv) => t.Replace(kv.Key, kv.Value, StringComparison.Ordinal));

        var reader = app.Services.GetRequiredService<LakeStateReader>();
        var files = await reader.CurrentFilesAsync();
        var (deals, metrics) = await reader.ReadAsync(files);
        var rows = deals.Select(d => $"{ids[d.Origin.DropId]} {d.Origin.Sequence} {d.Origin.Line} {d.Deal}")
            .Concat(metrics.Select(m => $"{ids[m.Origin.DropId]} {m.Origin.Sequence} {m.Origin.Line} {m.Reading}"))
            .Order(StringComparer.Ordinal).ToList();

        var receipts = new List<string>();
        await foreach (var e in app.Storage.Table(Names.DropReceiptsTable).QueryAsync<DropReceiptEntity>())
            receipts.Add($"{e.RowKey} {e.BlobName} {e.Status} {ids[e.DropId]} etag-matches-blob={await EtagMatchesAsync(app.Storage, e)}");

        var feedback = new List<string>();
        await foreach (var item in app.Storage.Container(Names.Feedback).GetBlobsAsync(global::Azure.Storage.Blobs.Models.BlobTraits.None, global::Azure.Storage.Blobs.Models.BlobStates.None, null, default))
            feedback.Add($"{Normal(item.Name)}: {(await app.Storage.Container(Names.Feedback).GetBlobClient(item.Name).DownloadContentAsync()).Value.Content}");

        return (
            [.. audit.Select(r => string.Join(" | ", r.Path, r.PartnerId, r.Kind, r.FileName, r.Size, r.Sha256, r.RawBlob, r.Outcome, r.Reason,
                r.RowsRead, r.RowsAccepted, r.RowsRejected, r.TopReasons, Normal(r.Outputs), r.Sequence,
                r.ReceivedAt == default ? "no time" : "received", r.SourceETag.Length > 0 && r.DropId == DropReceiver.DropIdFor(r.Path, r.SourceETag)))
                .Order(StringComparer.Ordinal)],
            rows, [.. receipts.Order(StringComparer.Ordinal)], [.. feedback.Order(StringComparer.Ordinal)]);
    }

    private static async Task<bool> EtagMatchesAsync(StorageAccount storage, DropReceiptEntity receipt)
    {
        await foreach (var blob in storage.Container(Names.Drops).GetBlobsAsync(global::Azure.Storage.Blobs.Models.BlobTraits.None, global::Azure.Storage.Blobs.Models.BlobStates.None, receipt.BlobName, default))
        {
            if (blob.Name == receipt.BlobName) return blob.Properties.ETag?.ToString() == receipt.SourceETag;
        }

        return false;
    }
}
