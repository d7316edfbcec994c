using System.IO.Compression;
using System.Text;

namespace Pipeline.Features.Tests.Ingest;

/// <summary>
/// The corpus of bad inputs, generated in code so each case states its bytes next to its expected outcome.
/// A case expects either a drop-level rejection (code + words of the reason) or one rejected row
/// (line, column + words of the reason) with the other rows of the file accepted.
/// </summary>
public static class BadInputCorpus
{
    public const string Header = "deal_id,close_date,customer_id,product,quantity,list_amount,net_amount,currency,status,refund_date";
    public const string Good = "D-1,2026-07-10,C-1,Widget,2,100.00,90.00,USD,won,";

    public sealed record Case(string Name, byte[] Bytes, string FileName = "deals.csv", long? MaxFileBytes = null, int? MaxRecordBytes = null, bool Unseekable = false)
    {
        public string? DropCode { get; init; }
        public long? RowLine { get; init; }
        public string? Column { get; init; }
        public required string ReasonContains { get; init; }
        /// <summary>Expected text of the value cell in the feedback report (after formula neutralising), when it matters.</summary>
        public string? FeedbackValue { get; init; }
        public override string ToString() => Name;
    }

    private static byte[] Text(string s) => Encoding.UTF8.GetBytes(s);
    private static byte[] Csv(params string[] lines) => Text(string.Join("\n", lines) + "\n");
    private static Case Row(string name, string row, string column, string reason, long line = 3) =>
        new(name, Csv(Header, Good, row)) { RowLine = line, Column = column, ReasonContains = reason };
    private static Case File(string name, byte[] bytes, string code, string reason, string fileName = "deals.csv") =>
        new(name, bytes, fileName) { DropCode = code, ReasonContains = reason };

    public static IEnumerable<Case> All()
    {
        // ---- The file as a whole ----
        yield return File("empty file", [], "empty_file", "The file is empty");
        yield return File("blank lines only", Text("\n\r\n   \n"), "no_header", "only blank lines");
        yield return File("gzip-compressed CSV", Gzip(Csv(Header, Good)), "compressed_file", "compressed with gzip");
        yield return File("zip archive / xlsx", [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00], "compressed_file", "ZIP archive (or an Excel .xlsx workbook)", "deals.xlsx");
        yield return File("old Excel xls", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0], "binary_file", "old Excel .xls workbook");
        yield return File("PDF document", Text("%PDF-1.7\n%âãÏÓ\n1 0 obj"), "binary_file", "a PDF document");
        yield return File("Parquet file", Text("PAR1\u0015\u0004"), "binary_file", "a Parquet file");
        yield return File("binary garbage with NUL bytes", Garbage(4096, seed: 7, allowNul: true), "binary_file", "binary data (NUL bytes)");
        yield return File("binary garbage without NUL bytes", Garbage(4096, seed: 11, allowNul: false), "not_utf8", "not valid UTF-8");
        yield return File("UTF-16 LE with BOM", [.. new byte[] { 0xFF, 0xFE }, .. Encoding.Unicode.GetBytes(Header + "\n")], "not_utf8", "UTF-16");
        yield return File("UTF-16 BE with BOM", [.. new byte[] { 0xFE, 0xFF }, .. Encoding.BigEndianUnicode.GetBytes(Header + "\n")], "not_utf8", "UTF-16");
        yield return File("Latin-1 text on line 3", [.. Csv(Header, Good), .. Encoding.Latin1.GetBytes("D-2,2026-07-10,C-1,Zürich,1,1,1,USD,won,\n")],
            "not_utf8", "first bad character on line 3");
        yield return File("invalid UTF-8 deep in the file (after the sniffed prefix)", DeepInvalidUtf8(), "not_utf8", "line 4002");
        yield return File("first line is data, no header", Csv(Good, Good), "no_header", "looks like data");
        yield return File("required column net_amount missing", Csv("deal_id,close_date,quantity,list_amount", "D-1,2026-07-10,1,100"), "missing_column", "no column 'net_amount'");
        yield return File("several required columns missing", Csv("deal_id,product", "D-1,x"), "missing_column", "'close_date', 'quantity', 'list_amount', 'net_amount'");
        yield return File("duplicated column", Csv(Header + ",net_amount", Good + ",5"), "duplicate_column", "column 'net_amount' twice");
        yield return File("duplicated column through spelling (Deal ID and deal_id)", Csv("Deal ID," + Header, "X," + Good), "duplicate_column", "column 'deal_id' twice");
        yield return File("metrics file dropped as deals", Csv("date,metric,value", "2026-07-01,csat,4.5"), "missing_column", "'deal_id'");
        yield return File("unterminated quote at end of file", Csv(Header, Good, "D-2,2026-07-10,C-1,\"Widget,1,1,1,USD,won,"), "unterminated_quote", "starts on line 3 is never closed");
        yield return new Case("a 10 MB line", Csv(Header, Good, "D-2,2026-07-10,C-1," + new string('x', 10 * 1024 * 1024) + ",1,1,1,USD,won,"))
        { DropCode = "line_too_long", ReasonContains = "longer than 1 MB" };
        yield return new Case("a 2 MB JSON Lines line", Text("{\"deal_id\":\"D-1\",\"product\":\"" + new string('y', 2 * 1024 * 1024) + "\"}\n"), "deals.jsonl")
        { DropCode = "line_too_long", ReasonContains = "Line 1 is longer than 1 MB" };
        yield return new Case("file over the configured size limit", Csv(Header, Good, Good.Replace("D-1", "D-2", StringComparison.Ordinal)), MaxFileBytes: 64)
        { DropCode = "file_too_large", ReasonContains = "larger than the 64 bytes a drop may be" };
        yield return new Case("file over the size limit, found while streaming an unseekable source", BigCsv(5000), MaxFileBytes: 100_000, Unseekable: true)
        { DropCode = "file_too_large", ReasonContains = "larger than the 97.7 KB" };
        yield return File("named .json but not JSON", Csv(Header, Good), "invalid_json", "named .json but does not start with '['", "deals.json");
        yield return File("JSON array with a syntax error", Text("[\n{\"deal_id\":\"D-1\"},\n{\"deal_id\" \"D-2\"}\n]"), "invalid_json", "not valid JSON at line 3", "deals.json");
        yield return File("JSON array cut short", Text("[{\"deal_id\":\"D-1\",\"close_date\":\"2026-07-10\"},\n{\"deal_id\":\"D-2\""), "invalid_json", "not valid JSON", "deals.json");
        yield return File("JSON scalar instead of array of records", Text("[1,2"), "invalid_json", "not valid JSON", "deals.json");

        // ---- One row ----
        yield return Row("negative net amount", "D-2,2026-07-10,C-1,Widget,1,10,-5,USD,won,", "net_amount", "net_amount '-5' must be zero or more");
        yield return Row("non-numeric amount", "D-2,2026-07-10,C-1,Widget,1,abc,5,USD,won,", "list_amount", "list_amount 'abc' is not a number");
        yield return Row("amount with a currency sign", "D-2,2026-07-10,C-1,Widget,1,$100,5,USD,won,", "list_amount", "'$100' is not a number");
        yield return Row("amount with a thousands separator", "D-2,2026-07-10,C-1,Widget,1,\"1,234.50\",5,USD,won,", "list_amount", "'1,234.50' is not a number");
        yield return Row("amount too large for the lake", "D-2,2026-07-10,C-1,Widget,1,100000000000000000000,5,USD,won,", "list_amount", "is too large");
        yield return Row("impossible date 2026-02-30", "D-2,2026-02-30,C-1,Widget,1,10,5,USD,won,", "close_date", "close_date '2026-02-30' is not a real calendar date");
        yield return Row("date in year 1", "D-2,0001-01-01,C-1,Widget,1,10,5,USD,won,", "close_date", "close_date 0001-01-01 is outside the dates the program covers (2000-01-01 to 2099-12-31)");
        yield return Row("date in year 9999", "D-2,9999-12-31,C-1,Widget,1,10,5,USD,won,", "close_date", "close_date 9999-12-31 is outside the dates the program covers (2000-01-01 to 2099-12-31)");
        yield return Row("US-style date", "D-2,07/15/2026,C-1,Widget,1,10,5,USD,won,", "close_date", "'07/15/2026' is not a date; write it as YYYY-MM-DD");
        yield return Row("missing close date", "D-2,,C-1,Widget,1,10,5,USD,won,", "close_date", "close_date is missing");
        yield return Row("unknown currency", "D-2,2026-07-10,C-1,Widget,1,10,5,XYZ,won,", "currency", "'XYZ' is not an ISO 4217 currency code");
        yield return Row("currency not a code", "D-2,2026-07-10,C-1,Widget,1,10,5,EURO,won,", "currency", "'EURO' is not a three-letter ISO 4217 code");
        yield return Row("currency without a rate", "D-2,2026-07-10,C-1,Widget,1,10,5,JPY,won,", "currency", "'JPY' has no exchange rate to USD on or before 2026-07-10");
        yield return Row("close date before the first rate", "D-2,2024-12-31,C-1,Widget,1,10,5,EUR,won,", "currency", "on or before 2024-12-31");
        yield return Row("refunded without refund_date", "D-2,2026-07-10,C-1,Widget,1,10,5,USD,refunded,", "refund_date", "refund_date is missing; a refunded deal needs the date of its refund");
        yield return Row("refund before close", "D-2,2026-07-10,C-1,Widget,1,10,5,USD,refunded,2026-07-01", "refund_date", "refund_date 2026-07-01 is before close_date 2026-07-10");
        yield return Row("refund date on a won deal", "D-2,2026-07-10,C-1,Widget,1,10,5,USD,won,2026-08-01", "refund_date", "set but status is won");
        yield return Row("unknown status", "D-2,2026-07-10,C-1,Widget,1,10,5,USD,lost,", "status", "status 'lost' must be won or refunded");
        yield return Row("quantity zero", "D-2,2026-07-10,C-1,Widget,0,10,5,USD,won,", "quantity", "quantity '0' must be a whole number of 1 or more");
        yield return Row("fractional quantity", "D-2,2026-07-10,C-1,Widget,1.5,10,5,USD,won,", "quantity", "'1.5' must be a whole number");
        yield return Row("missing deal_id", ",2026-07-10,C-1,Widget,1,10,5,USD,won,", "deal_id", "deal_id is missing");
        yield return Row("deal_id longer than 64", new string('D', 65) + ",2026-07-10,C-1,Widget,1,10,5,USD,won,", "deal_id", "65 characters long; at most 64");
        yield return Row("deal_id repeated in the file", "D-1,2026-07-11,C-1,Widget,1,10,5,USD,won,", "deal_id", "deal_id 'D-1' appears earlier in this file");
        yield return Row("extra separator in a row", "D-2,2026-07-10,C-1,Wid,get,1,10,5,USD,won,", "(row)", "the row has 11 values but the header has 10 columns");
        yield return new Case("formula in an amount is rejected and neutralised in the report", Csv(Header, Good, "D-2,2026-07-10,C-1,Widget,1,=HYPERLINK(\"http://evil\"),5,USD,won,"))
        { RowLine = 3, Column = "list_amount", ReasonContains = "is not a number", FeedbackValue = "'=HYPERLINK(\"http://evil\")" };
        yield return new Case("invalid JSON line in JSON Lines rejects only that row",
            Text("{\"deal_id\":\"D-1\",\"close_date\":\"2026-07-10\",\"quantity\":1,\"list_amount\":10,\"net_amount\":5}\n{\"deal_id\": D-2}\n"), "deals.jsonl")
        { RowLine = 2, Column = "(row)", ReasonContains = "this line is not valid JSON" };
        yield return new Case("JSON value that is an object",
            Text("{\"deal_id\":\"D-1\",\"close_date\":\"2026-07-10\",\"quantity\":1,\"list_amount\":10,\"net_amount\":5}\n{\"deal_id\":\"D-2\",\"close_date\":\"2026-07-10\",\"quantity\":1,\"list_amount\":{\"v\":1},\"net_amount\":5}\n"), "deals.jsonl")
        { RowLine = 2, Column = "list_amount", ReasonContains = "list_amount is a JSON object" };
    }

    private static byte[] Gzip(byte[] data)
    {
        var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(data);
        return ms.ToArray();
    }

    private static byte[] Garbage(int length, int seed, bool allowNul)
    {
        var random = new Random(seed);
        var bytes = new byte[length];
        random.NextBytes(bytes);
        for (var i = 0; i < bytes.Length; i++)
        {
            if (!allowNul) bytes[i] |= 0x80;   // high bytes only: never NUL, never valid UTF-8 for long
        }
        if (allowNul) bytes[100] = 0;
        bytes[0] = 0xC3; bytes[1] = 0x28; // make sure it does not start like a known signature or BOM
        return bytes;
    }

    private static byte[] BigCsv(int rows)
    {
        var sb = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < rows; i++) sb.Append("D-").Append(i).Append(",2026-07-10,C-1,Widget,2,100.00,90.00,USD,won,\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static byte[] DeepInvalidUtf8()
    {
        var good = BigCsv(4000); // header + 4000 rows = lines 1..4001, about 200 KB: past the 64 KB prefix
        return [.. good, .. Encoding.Latin1.GetBytes("D-x,2026-07-10,C-1,Café,1,1,1,USD,won,\n")];
    }
}
