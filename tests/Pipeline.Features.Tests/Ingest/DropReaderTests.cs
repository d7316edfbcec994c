using System.Text;
using Pipeline.Domain.Ingest;
using Pipeline.Ingest;
using Xunit;

namespace Pipeline.Features.Tests.Ingest;

public sealed class DropReaderTests
{
    private static async Task<List<RawRecord>> Read(byte[] bytes, string fileName = "deals.csv", RecordSchema? schema = null, PartnerProfile? profile = null)
    {
        var list = new List<RawRecord>();
        await foreach (var r in DropReader.ReadAsync(new MemoryStream(bytes), fileName, schema ?? RecordSchema.Deals, profile)) list.Add(r.Snapshot());
        return list;
    }

    private static string? Value(RawRecord r, string column) => r.Values[RecordSchema.Deals.IndexOf(column)];

    [Fact]
    public async Task Nothing_is_read_until_the_first_record_is_asked_for_and_file_problems_surface_there()
    {
        var input = new MemoryStream(Encoding.UTF8.GetBytes("deal_id,close_date,quantity,list_amount,net_amount\nD-1,2026-07-10,1,10,9\n"));
        var records = DropReader.ReadAsync(input, "deals.csv", RecordSchema.Deals, limits: new IngestLimits { MaxFileBytes = 10 });
        Assert.Equal(0, input.Position);

        await using var enumerator = records.GetAsyncEnumerator();
        var e = await Assert.ThrowsAsync<DropRejectedException>(async () => await enumerator.MoveNextAsync());
        Assert.Equal(DropRejection.Codes.TooLarge, e.Rejection.Code);
        Assert.False(await enumerator.MoveNextAsync());
    }

    [Fact]
    public async Task The_token_given_to_the_call_and_the_one_given_to_the_enumerator_both_cancel()
    {
        var bytes = Encoding.UTF8.GetBytes("deal_id,close_date,quantity,list_amount,net_amount\nD-1,2026-07-10,1,10,9\nD-2,2026-07-11,1,10,9\n");
        using var fromCall = new CancellationTokenSource();
        using var fromEnumerator = new CancellationTokenSource();
        var cancellable = DropReader.ReadAsync(new MemoryStream(bytes), "deals.csv", RecordSchema.Deals, cancellationToken: fromCall.Token);
        await using (var enumerator = cancellable.GetAsyncEnumerator(fromEnumerator.Token))
        {
            await fromEnumerator.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await enumerator.MoveNextAsync());
        }
        await fromCall.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in cancellable)
            {
            }
        });
    }

    [Fact]
    public async Task Quoted_fields_keep_separators_doubled_quotes_and_line_breaks_and_later_rows_keep_their_line_numbers()
    {
        var csv = "\uFEFFDeal ID,Close Date,Product,Quantity,List Amount,Net Amount\r\n" +
                  "D-1,2026-07-10,\"Cloud Seats, annual\",1,10,9\r\n" +
                  "D-2,2026-07-11,\"Support Plan \"\"Gold\"\"\nsecond line\nthird line\",2,20,18\r\n" +
                  "D-3,2026-07-12,Widget,3,30,27\r\n";
        var records = await Read(Encoding.UTF8.GetBytes(csv));

        Assert.Equal([2L, 3L, 6L], records.Select(r => r.Line));
        Assert.Equal("Cloud Seats, annual", Value(records[0], "product"));
        Assert.Equal("Support Plan \"Gold\"\nsecond line\nthird line", Value(records[1], "product"));
        Assert.Equal("D-1", Value(records[0], "deal_id"));   // the BOM is not part of the first header name
        Assert.Null(Value(records[0], "currency"));
    }

    [Theory]
    [InlineData(";")]
    [InlineData("\t")]
    [InlineData(",")]
    public async Task The_separator_is_detected_from_the_header_line(string sep)
    {
        var csv = string.Join(sep, "deal_id", "close_date", "quantity", "list_amount", "net_amount", "product") + "\n" +
                  string.Join(sep, "D-1", "2026-07-10", "1", "10", "9", "a,b;c") .Replace("a,b;c", sep == "," ? "\"a,b;c\"" : sep == ";" ? "\"a,b;c\"" : "a,b;c") + "\n";
        var record = Assert.Single(await Read(Encoding.UTF8.GetBytes(csv)));
        Assert.Equal("a,b;c", Value(record, "product"));
        Assert.Equal("9", Value(record, "net_amount"));
    }

    [Fact]
    public async Task Lines_of_empty_fields_left_by_spreadsheets_are_skipped_not_counted()
    {
        var csv = "deal_id,close_date,quantity,list_amount,net_amount\nD-1,2026-07-10,1,10,9\n,,,,\n\n ,, ,,\nD-2,2026-07-10,1,10,9\n";
        var records = await Read(Encoding.UTF8.GetBytes(csv));
        Assert.Equal([2L, 6L], records.Select(r => r.Line));
    }

    [Fact]
    public async Task A_header_only_file_has_no_records_and_is_not_an_error()
    {
        Assert.Empty(await Read(Encoding.UTF8.GetBytes("deal_id,close_date,quantity,list_amount,net_amount\r\n")));
    }

    [Fact]
    public async Task Json_lines_and_json_arrays_give_the_same_records_with_their_line_numbers()
    {
        var jsonl = "{\"deal_id\":\"D-1\",\"close_date\":\"2026-07-10\",\"quantity\":2,\"list_amount\":100.10,\"net_amount\":90.5,\"Extra\":[1,2]}\n\n" +
                    "{\"Deal ID\":\"D-2\",\"close_date\":\"2026-07-11\",\"quantity\":\"1\",\"list_amount\":\"5\",\"net_amount\":null}\r\n";
        var array = "[\n  {\"deal_id\":\"D-1\",\"close_date\":\"2026-07-10\",\"quantity\":2,\"list_amount\":100.10,\"net_amount\":90.5,\"Extra\":[1,2]},\n\n" +
                    "  {\"Deal ID\":\"D-2\",\"close_date\":\"2026-07-11\",\n   \"quantity\":\"1\",\"list_amount\":\"5\",\"net_amount\":null}\n]\n";
        var fromLines = await Read(Encoding.UTF8.GetBytes("\uFEFF" + jsonl), "deals.jsonl");
        var fromArray = await Read(Encoding.UTF8.GetBytes("\uFEFF" + array), "deals.json");

        Assert.Equal([1L, 3L], fromLines.Select(r => r.Line));
        Assert.Equal([2L, 4L], fromArray.Select(r => r.Line));
        foreach (var records in new[] { fromLines, fromArray })
        {
            Assert.Equal("100.10", Value(records[0], "list_amount"));   // numbers keep their digits
            Assert.Equal("2", Value(records[0], "quantity"));
            Assert.Equal("D-2", Value(records[1], "deal_id"));
            Assert.Null(Value(records[1], "net_amount"));
            Assert.All(records, r => Assert.Null(r.Defect));
        }
    }

    [Fact]
    public async Task A_large_json_array_is_read_in_bounded_chunks()
    {
        var sb = new StringBuilder("[");
        for (var i = 0; i < 20_000; i++)
        {
            if (i > 0) sb.Append(",\n");
            sb.Append("{\"deal_id\":\"D-").Append(i).Append("\",\"close_date\":\"2026-07-10\",\"quantity\":1,\"list_amount\":10,\"net_amount\":9,\"product\":\"").Append(new string('p', i % 300)).Append("\"}");
        }
        sb.Append(']');
        var records = await Read(Encoding.UTF8.GetBytes(sb.ToString()), "big.json");
        Assert.Equal(20_000, records.Count);
        Assert.Equal(20_000L, records[^1].Line);
        Assert.Equal("D-19999", Value(records[^1], "deal_id"));
    }

    [Fact]
    public async Task Profile_aliases_apply_to_json_property_names()
    {
        var profile = new PartnerProfile { HeaderAliases = new Dictionary<string, string> { ["orderNumber"] = "deal_id" } };
        var record = Assert.Single(await Read(Encoding.UTF8.GetBytes("{\"orderNumber\":\"O-9\"}\n"), "x.jsonl", profile: profile));
        Assert.Equal("O-9", Value(record, "deal_id"));
    }

    [Fact]
    public async Task Columns_the_schema_does_not_know_are_ignored_but_still_make_a_line_a_row()
    {
        var csv = "deal_id,close_date,quantity,list_amount,net_amount,notes\nD-1,2026-07-10,1,10,9,hello\n,,,,,only a note\n";
        var records = await Read(Encoding.UTF8.GetBytes(csv));
        Assert.Equal([2L, 3L], records.Select(r => r.Line));
        Assert.All(records[1].Values, Assert.Null);
    }
}
