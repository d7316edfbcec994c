using Pipeline.Ingest;
using Xunit;
using Pipeline.Azure;

namespace Pipeline.Features.Tests;

public sealed class BlobCreatedEventsTests
{
    [Fact]
    public void An_event_we_create_parses_back_with_the_verbatim_blob_name()
    {
        var url = new Uri("http://127.0.0.1:10000/devstoreaccount1/drops/p-1/deals/x.csv");
        var message = BlobCreatedEvents.Create(url, "drops", "p-1/deals/x.csv", "\"0x8DCB\"", 42, new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero));

        var ev = BlobCreatedEvents.Parse(message);

        Assert.Equal("drops", ev.Container);
        Assert.Equal("p-1/deals/x.csv", ev.BlobName);
        Assert.Equal("\"0x8DCB\"", ev.ETag);
        Assert.Equal(42, ev.ContentLength);
        Assert.Equal(url, ev.Url);
    }

    [Fact]
    public void An_event_grid_delivery_as_azure_sends_it_is_understood()
    {
        // The shape Event Grid writes to a storage queue (Event Grid schema, one event).
        const string delivered = """
            {"topic":"/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/pp","subject":"/blobServices/default/containers/drops/blobs/p-9/metrics/m.csv",
             "eventType":"Microsoft.Storage.BlobCreated","id":"831e1650-001e-001b-66ab-eeb76e069631","eventTime":"2026-07-02T10:00:00.1234567Z","dataVersion":"","metadataVersion":"1",
             "data":{"api":"PutBlockList","clientRequestId":"6d79dbfb-0e37-4fc4-981f-442c9ca65760","requestId":"831e1650-001e-001b-66ab-eeb76e000000","eTag":"0x8D4BCC2E4835CD0",
                     "contentType":"text/csv","contentLength":524288,"blobType":"BlockBlob","url":"https://pp.blob.core.windows.net/drops/p-9/metrics/m.csv","sequencer":"00000000000004420000000000028963",
                     "storageDiagnostics":{"batchId":"b68529f3-68cd-4744-baa4-3c0498ec19f0"}}}
            """;

        var ev = BlobCreatedEvents.Parse(delivered);

        Assert.Equal("p-9/metrics/m.csv", ev.BlobName);
        Assert.Equal("0x8D4BCC2E4835CD0", ev.ETag);
        Assert.Equal(524288, ev.ContentLength);
    }

    [Theory]
    [InlineData("hello", "not an Event Grid event")]
    [InlineData("""{"id":"1","subject":"/x","eventType":"Microsoft.Storage.BlobDeleted","eventTime":"2026-07-02T10:00:00Z","dataVersion":"1","data":{"url":"https://a/b/c"}}""", "Expected a Microsoft.Storage.BlobCreated event")]
    [InlineData("""{"id":"1","subject":"/blobServices/default/containers/drops","eventType":"Microsoft.Storage.BlobCreated","eventTime":"2026-07-02T10:00:00Z","dataVersion":"1","data":{"url":"https://a/drops"}}""", "names no blob")]
    [InlineData("""{"id":"1","subject":"/blobServices/default/containers/drops/blobs/a","eventType":"Microsoft.Storage.BlobCreated","eventTime":"2026-07-02T10:00:00Z","dataVersion":"1","data":{}}""", "no blob url")]
    public void Anything_else_is_refused_with_a_reason(string message, string expected)
    {
        var e = Assert.Throws<FormatException>(() => BlobCreatedEvents.Parse(message));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("p-1/deals/x.csv", "p-1:2Fdeals:2Fx.csv")]
    [InlineData("a#b?c\\d", "a:23b:3Fc:5Cd")]
    [InlineData("tab\there", "tab:09here")]
    public void Table_keys_escape_what_tables_forbid(string text, string key) => Assert.Equal(key, TableKeys.Encode(text));
}
