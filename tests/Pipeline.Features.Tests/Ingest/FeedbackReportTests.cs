using System.Text;
using Pipeline.Domain.Ingest;
using Pipeline.Ingest;
using Xunit;

namespace Pipeline.Features.Tests.Ingest;

public sealed class FeedbackReportTests
{
    [Fact]
    public async Task The_report_is_what_a_partner_sees_in_a_spreadsheet()
    {
        var csv = BadInputCorpus.Header + "\r\n" + BadInputCorpus.Good + "\r\n" +
                  "D-2,2026-02-30,C-1,Widget,1,10,-5,USD,won,\r\n" +
                  "D-3,2026-07-10,C-1,Widget,1,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",5,USD,refunded,\r\n";
        var result = await IngestHarness.DealsAsync(Encoding.UTF8.GetBytes(csv));
        var text = result.FeedbackText.TrimStart('\uFEFF');
        Assert.Equal(
            "line,column,value,reason\r\n" +
            "3,close_date,2026-02-30,close_date '2026-02-30' is not a real calendar date\r\n" +
            "3,net_amount,\"'-5\",\"net_amount '-5' must be zero or more (report a refund with status refunded, not a negative amount)\"\r\n" +
            "4,list_amount,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",\"list_amount '=HYPERLINK(\"\"http://x\"\",\"\"y\"\")' is not a number; write digits with '.' for decimals and no currency sign or thousands separator, like 1250.00\"\r\n" +
            "4,refund_date,,refund_date is missing; a refunded deal needs the date of its refund\r\n",
            text);
        Assert.Equal((3L, 1L, 2L), (result.Outcome.RowsRead, result.Outcome.RowsAccepted, result.Outcome.RowsRejected));
    }

    [Fact]
    public async Task A_drop_rejected_as_a_whole_gets_a_one_line_report()
    {
        var ms = new MemoryStream();
        await FeedbackReportWriter.WriteDropRejectionAsync(ms, new DropRejection(DropRejection.Codes.Compressed, "The file is compressed with gzip, not a text file; send the data itself as CSV (UTF-8) or JSON."));
        Assert.Equal("\uFEFFline,column,value,reason\r\n,(file),,\"The file is compressed with gzip, not a text file; send the data itself as CSV (UTF-8) or JSON.\"\r\n",
            Encoding.UTF8.GetString(ms.ToArray()));
    }
}
