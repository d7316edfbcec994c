using System.Text.Json;
using System.Text;
using Pipeline.Domain.Ingest;
using Pipeline.Ingest;
using Xunit;

namespace Pipeline.Features.Tests.Ingest;

public sealed class QuarantineWriterTests
{
    [Fact]
    public async Task Quarantine_keeps_each_rejected_row_whole_with_its_problems_one_json_object_per_line()
    {
        var csv = BadInputCorpus.Header + "\n" + BadInputCorpus.Good + "\nD-2,2026-02-30,C-1,\"multi\nline\",1,10,-5,USD,won,\n";
        var quarantine = new MemoryStream();
        await using (var writer = new QuarantineWriter(quarantine, RecordSchema.Deals, leaveOpen: true))
        {
            var outcome = await DropRows.IngestDealsAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "d.csv", IngestHarness.Drop, IngestHarness.Fx, null,
                new ListSink<DealRow>(), writer);
            Assert.Equal(1, outcome.RowsRejected);
        }
        var lines = Encoding.UTF8.GetString(quarantine.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var doc = JsonDocument.Parse(Assert.Single(lines));
        Assert.Equal(3, doc.RootElement.GetProperty("line").GetInt32());
        Assert.Equal("multi\nline", doc.RootElement.GetProperty("values").GetProperty("product").GetString());
        Assert.Equal(["invalid_date", "negative_amount"], doc.RootElement.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("code").GetString()));
    }
}
