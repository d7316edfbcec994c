using System.Text;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Storage.Tests;

[Collection(AzuriteFixture.Collection)]
public sealed class BlobOutputTests(AzuriteFixture azurite)
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
}
