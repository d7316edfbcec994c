using System.Text;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Pipeline.Testing;
using Xunit;
using Pipeline.Azure;

namespace Pipeline.Features.Tests;

[Collection(AzuriteFixture.Collection)]
public sealed class BlobOutputTests(AzuriteFixture azurite) : IDisposable
{
    [Fact]
    public async Task A_writer_that_flushes_after_every_record_still_commits_one_block_on_dispose()
    {
        var account = await azurite.NewAccount();
        var blob = account.Container(Names.Quarantine).GetBlobClient("acme/drop.jsonl");
        var expected = new StringBuilder();

        await using (var output = await BlobOutput.OpenAsync(blob))
        {
            for (var i = 0; i < 3000; i++)
            {
                var line = $"{{\"line\":{i},\"reason\":\"row {i} was refused\"}}\n";
                expected.Append(line);
                await output.WriteAsync(Encoding.UTF8.GetBytes(line));
                await output.FlushAsync(); // what Utf8JsonWriter.FlushAsync and Parquet.Net do
            }
            Assert.Equal(0, (await blob.GetPropertiesAsync()).Value.ContentLength); // committed only on dispose
        }

        var blocks = (await account.Container(Names.Quarantine).GetBlockBlobClient("acme/drop.jsonl").GetBlockListAsync(BlockListTypes.Committed)).Value.CommittedBlocks.ToList();
        Assert.Single(blocks);
        Assert.Equal(expected.ToString(), (await blob.DownloadContentAsync()).Value.Content.ToString());
    }

    private readonly string _spool = Directory.CreateTempSubdirectory("spool-").FullName;

    private int SpoolFiles() => Directory.GetFiles(_spool).Length;

    public void Dispose() => Directory.Delete(_spool, recursive: true);

    [Fact]
    public async Task A_spooled_output_is_uploaded_whole_on_dispose_and_leaves_no_temporary_file()
    {
        var account = await azurite.NewAccount();
        var blob = account.Container(Names.Lake).GetBlobClient("deals/quarter=2026Q3/acme-drop.parquet");
        var content = new byte[3_000_000];
        new Random(7).NextBytes(content);
        const int before = 0;

        await using (var output = BlobOutput.OpenSpooled(blob, directory: _spool))
        {
            for (var offset = 0; offset < content.Length; offset += 10_000)
            {
                await output.WriteAsync(content.AsMemory(offset, Math.Min(10_000, content.Length - offset)));
                await output.FlushAsync();
            }
            Assert.False(await blob.ExistsAsync(), "nothing is uploaded before the stream is disposed");
            Assert.Equal(before + 1, SpoolFiles());
        }

        Assert.Equal(content, (await blob.DownloadContentAsync()).Value.Content.ToArray());
        Assert.Equal(before, SpoolFiles());
    }

    [Fact]
    public async Task A_spooled_output_whose_upload_fails_reports_it_and_still_deletes_its_temporary_file()
    {
        var account = await azurite.NewAccount();
        var blob = account.Blobs.GetBlobContainerClient("no-such-container").GetBlobClient("x.parquet");
        const int before = 0;

        var output = BlobOutput.OpenSpooled(blob, directory: _spool);
        await output.WriteAsync(new byte[] { 1, 2, 3 });
        var failure = await Assert.ThrowsAsync<global::Azure.RequestFailedException>(async () => await output.DisposeAsync());

        Assert.Equal(404, failure.Status);
        Assert.Equal(before, SpoolFiles());
    }
}
