using System.Net;
using Azure;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Azure;
using Pipeline.Ingest;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Functions.Tests.Access;

/// <summary>
/// The links themselves, tried against Azurite (which enforces SAS) the way someone holding one would try to
/// stretch it: another blob name, another partner, another container, another operation.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class SasTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Upload_link_puts_one_new_blob_in_the_partners_drops_which_is_ingested_and_answered_with_feedback()
    {
        await using var h = await AccessHarness.StartAsync(azurite, localTriggers: true);
        await TestConfig.SeedAsync(h.Storage, "p-1");
        var key = await h.PartnerKeyAsync("p-1");

        var answer = await h.RequestUploadAsync("p-1", key, "july.csv");
        var url = new Uri(answer.Json.GetProperty("uploadUrl").GetString()!);
        var status = await RawBlob.PutAsync(url, TestConfig.DealsCsv("D-1"));

        Assert.Equal(HttpStatusCode.Created, status);
        var blobName = answer.Json.GetProperty("blobName").GetString()!;
        Assert.Matches(@"^p-1/deals/\d{8}T\d{6}Z-[0-9a-f]{8}-july\.csv$", blobName);
        Assert.Equal([blobName], await h.BlobNamesAsync(Names.Drops));
        // The local trigger host announces the new blob and ReceiveDrop ingests it, as Event Grid would in Azure.
        var ledger = h.App.Services.GetRequiredService<AuditLedger>();
        var records = await Eventually.GetAsync(() => ledger.ReadAsync("p-1"), r => r.Count > 0);
        var record = Assert.Single(records);
        Assert.Equal((blobName, AuditOutcomes.Accepted, 1L), (record.Path, record.Outcome, record.RowsAccepted));
        // The partner then finds the pipeline's feedback on that drop with its own key.
        var feedback = await h.GetAsync("api/partners/p-1/feedback", key);
        var file = Assert.Single(feedback.Json.GetProperty("files").EnumerateArray());
        Assert.StartsWith("p-1/", file.GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await RawBlob.GetAsync(new Uri(file.GetProperty("url").GetString()!))).Status);
    }

    [Fact]
    public async Task Upload_link_cannot_write_any_other_blob()
    {
        await using var h = await AccessHarness.StartAsync(azurite);
        var key = await h.PartnerKeyAsync("p-1");
        var url = await h.UploadUrlAsync("p-1", key);
        var blobName = new BlobUriBuilder(url).BlobName;

        var elsewhere = new[]
        {
            RawBlob.WithBlobName(url, "p-1/deals/other.csv"),
            RawBlob.WithBlobName(url, blobName.Replace("p-1/", "p-2/", StringComparison.Ordinal)),
            RawBlob.WithBlobName(url, blobName + "x"),
            RawBlob.WithContainer(url, Names.Statements, "2026Q2/p-1/statement.pdf"),
        };
        foreach (var target in elsewhere)
        {
            Assert.Equal(HttpStatusCode.Forbidden, await RawBlob.PutAsync(target, "forged"));
            var sdk = await Assert.ThrowsAsync<RequestFailedException>(() => new BlobClient(target).UploadAsync(BinaryData.FromString("forged")));
            Assert.Equal(403, sdk.Status);
        }

        Assert.Empty(await h.BlobNamesAsync(Names.Drops));
        Assert.Empty(await h.BlobNamesAsync(Names.Statements));
    }

    [Fact]
    public async Task Upload_link_cannot_read_list_delete_or_overwrite_the_blob_it_created()
    {
        await using var h = await AccessHarness.StartAsync(azurite);
        var key = await h.PartnerKeyAsync("p-1");
        var url = await h.UploadUrlAsync("p-1", key);
        Assert.Equal(HttpStatusCode.Created, await RawBlob.PutAsync(url, "first"));

        var read = await RawBlob.GetAsync(url);
        var list = await RawBlob.GetAsync(new Uri($"{new BlobUriBuilder(url) { BlobName = "" }.ToUri().GetLeftPart(UriPartial.Path)}?restype=container&comp=list&{url.Query.TrimStart('?')}"));
        var delete = await RawBlob.DeleteAsync(url);
        var overwrite = await RawBlob.PutAsync(url, "second");
        var sdkOverwrite = await Assert.ThrowsAsync<RequestFailedException>(() => new BlobClient(url).UploadAsync(BinaryData.FromString("third"), overwrite: true));

        Assert.Equal(HttpStatusCode.Forbidden, read.Status);
        Assert.DoesNotContain("first", read.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, list.Status);
        Assert.Equal(HttpStatusCode.Forbidden, delete);
        Assert.Equal(HttpStatusCode.Forbidden, overwrite);
        Assert.Equal(403, sdkOverwrite.Status);
        var stored = await h.Storage.Container(Names.Drops).GetBlobClient(new BlobUriBuilder(url).BlobName).DownloadContentAsync();
        Assert.Equal("first", stored.Value.Content.ToString());
    }

    [Fact]
    public async Task Read_link_reads_its_blob_and_cannot_read_another_or_write()
    {
        await using var h = await AccessHarness.StartAsync(azurite);
        await h.PutAsync(Names.Statements, "2026Q2/p-1/statement.pdf", "p-1 statement");
        await h.PutAsync(Names.Statements, "2026Q2/p-2/statement.pdf", "p-2 statement");
        await h.PutAsync(Names.Statements, "2026Q2/finance-summary.pdf", "finance summary");
        var key = await h.PartnerKeyAsync("p-1");
        var listing = await h.GetAsync("api/partners/p-1/statements", key);
        var url = new Uri(Assert.Single(listing.Json.GetProperty("files").EnumerateArray()).GetProperty("url").GetString()!);

        var own = await RawBlob.GetAsync(url);
        var otherPartner = await RawBlob.GetAsync(RawBlob.WithBlobName(url, "2026Q2/p-2/statement.pdf"));
        var summary = await RawBlob.GetAsync(RawBlob.WithBlobName(url, "2026Q2/finance-summary.pdf"));
        var sdkOther = await Assert.ThrowsAsync<RequestFailedException>(() => new BlobClient(RawBlob.WithBlobName(url, "2026Q2/p-2/statement.pdf")).DownloadContentAsync());
        var write = await RawBlob.PutAsync(url, "tampered");
        var create = await RawBlob.PutAsync(RawBlob.WithBlobName(url, "2026Q2/p-1/new.pdf"), "planted");
        var delete = await RawBlob.DeleteAsync(url);

        Assert.Equal((HttpStatusCode.OK, "p-1 statement"), own);
        Assert.Equal(HttpStatusCode.Forbidden, otherPartner.Status);
        Assert.DoesNotContain("p-2 statement", otherPartner.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, summary.Status);
        Assert.Equal(403, sdkOther.Status);
        Assert.Equal(HttpStatusCode.Forbidden, write);
        Assert.Equal(HttpStatusCode.Forbidden, create);
        Assert.Equal(HttpStatusCode.Forbidden, delete);
        Assert.Equal(["2026Q2/finance-summary.pdf", "2026Q2/p-1/statement.pdf", "2026Q2/p-2/statement.pdf"], (await h.BlobNamesAsync(Names.Statements)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Links_are_for_one_blob_with_the_least_permission_and_expire_within_fifteen_minutes()
    {
        await using var h = await AccessHarness.StartAsync(azurite);
        await h.PutAsync(Names.Feedback, "p-1/deals/july.csv.json", "{}");
        var key = await h.PartnerKeyAsync("p-1");
        var before = DateTimeOffset.UtcNow;

        var upload = (await h.RequestUploadAsync("p-1", key, "july.csv")).Json;
        var read = Assert.Single((await h.GetAsync("api/partners/p-1/feedback", key)).Json.GetProperty("files").EnumerateArray());

        foreach (var (link, permission) in new[] { (upload.GetProperty("uploadUrl").GetString()!, "c"), (read.GetProperty("url").GetString()!, "r") })
        {
            var sas = new BlobUriBuilder(new Uri(link)).Sas;
            Assert.Equal(permission, sas.Permissions);
            Assert.Equal("b", sas.Resource);
            Assert.InRange(sas.ExpiresOn, before.AddMinutes(14), DateTimeOffset.UtcNow.AddMinutes(15).AddSeconds(1));
        }

        Assert.Equal("PUT", upload.GetProperty("method").GetString());
        Assert.Equal("BlockBlob", upload.GetProperty("headers").GetProperty("x-ms-blob-type").GetString());
    }
}
