using Azure.Storage.Blobs;
using Pipeline.Testing;
using Xunit;
using Pipeline.Azure;

namespace Pipeline.Features.Tests;

[Collection(AzuriteFixture.Collection)]
public sealed class AzuriteFixtureTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Each_test_account_is_isolated_from_the_others()
    {
        var a = await azurite.NewAccount();
        var b = await azurite.NewAccount();
        await a.Container(Names.Drops).GetBlobClient("p1/deals/x.csv").UploadAsync(BinaryData.FromString("deal_id\n1"));

        var inA = a.Container(Names.Drops).GetBlobs().Select(x => x.Name).ToList();
        var inB = b.Container(Names.Drops).GetBlobs().Select(x => x.Name).ToList();

        Assert.Equal(["p1/deals/x.csv"], inA);
        Assert.Empty(inB);
    }

    [Fact]
    public async Task Azurite_enforces_etag_conditions()
    {
        var account = await azurite.NewAccount();
        var blob = account.Container(Names.Raw).GetBlobClient("x");
        var first = await blob.UploadAsync(BinaryData.FromString("one"));
        await blob.UploadAsync(BinaryData.FromString("two"), overwrite: true);

        var stale = await Assert.ThrowsAsync<global::Azure.RequestFailedException>(() => blob.UploadAsync(
            BinaryData.FromString("three"),
            new global::Azure.Storage.Blobs.Models.BlobUploadOptions { Conditions = new() { IfMatch = first.Value.ETag } }));
        Assert.Equal(412, stale.Status);
    }
}
