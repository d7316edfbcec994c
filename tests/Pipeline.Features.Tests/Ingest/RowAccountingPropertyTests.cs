using System.Text;
using CsCheck;
using Xunit;
using Pipeline.Ingest;

namespace Pipeline.Features.Tests.Ingest;

/// <summary>
/// For arbitrary CSV drops (any separator, line ending, BOM, quoting, good and bad values, ragged rows,
/// line breaks inside quotes): every non-blank row is read exactly once, rows read = accepted + rejected,
/// and the feedback report lists exactly the rejected rows, at the line where each row starts.
/// </summary>
public sealed class RowAccountingPropertyTests
{
    private static readonly string[] Columns = BadInputCorpus.Header.Split(',');

    private static readonly Dictionary<string, string[]> Values = new()
    {
        ["deal_id"] = ["D-1", "D-2", "D-3", "Ω-7", "", " ", "id,with,commas", "x\"quote\"", new string('k', 70)],
        ["close_date"] = ["2026-07-10", "2026-02-30", "10/07/2026", "", "2024-01-01"],
        ["customer_id"] = ["C-1", "", "multi\nline", "=cmd|' /C calc'!A0"],
        ["product"] = ["Widget", "Gadget \"Pro\"", "a;b", "tab\there", "=HYPERLINK(\"http://x\")", ""],
        ["quantity"] = ["1", "3", "0", "-2", "1.5", "", "many"],
        ["list_amount"] = ["100.00", "0", "12.345", "-1", "1,000.00", "abc", ""],
        ["net_amount"] = ["90.00", "0.005", "-5", "+7", "1e3", ""],
        ["currency"] = ["USD", "EUR", "gbp", "", "XYZ", "JPY", "EURO"],
        ["status"] = ["won", "refunded", "", "lost", "WON"],
        ["refund_date"] = ["", "2026-08-01", "2026-07-01", "not a date"],
    };

    private sealed record Drop(string Separator, string NewLine, bool Bom, string[][] Rows, bool[] ForceQuote);

    private static readonly Gen<string[]> RowGen =
        Gen.Int[0, 9].SelectMany(shape =>
            Gen.Int[0, 1000].Array[Columns.Length].Select(picks =>
            {
                var fields = Columns.Select((c, i) => Values[c][picks[i] % Values[c].Length]).ToArray();
                // Shape 0: a ragged row (one field too many); 1: one field too few; otherwise the header's width.
                return shape switch
                {
                    0 => [.. fields, "extra"],
                    1 => fields[..^1],
                    _ => fields,
                };
            }));

    private static readonly Gen<Drop> DropGen =
        Gen.Select(Gen.OneOfConst(",", ";", "\t"), Gen.OneOfConst("\n", "\r\n"), Gen.Bool, RowGen.Array[0, 25], Gen.Bool.Array[Columns.Length + 1],
            (sep, nl, bom, rows, quote) => new Drop(sep, nl, bom, rows, quote));

    [Fact]
    public async Task Rows_read_equal_accepted_plus_rejected_and_the_report_lists_exactly_the_rejected_rows()
    {
        await DropGen.SampleAsync(async drop =>
        {
            var (bytes, expectedLines) = Serialise(drop);
            var result = await IngestHarness.DealsAsync(bytes);
            var outcome = result.Outcome;

            Assert.True(outcome.Rejection is null, outcome.Rejection?.Reason);
            Assert.Equal(outcome.RowsRead, outcome.RowsAccepted + outcome.RowsRejected);
            Assert.Equal(expectedLines.Count, outcome.RowsRead);
            Assert.Equal(outcome.RowsAccepted, result.Accepted.Count);
            Assert.Equal(outcome.RowsRejected, result.Rejected.Count);
            Assert.Equal(outcome.RowsAccepted, result.Files.Sum(f => f.Rows));

            var report = FeedbackReport.Parse(result.Feedback);
            var reportedLines = report.Select(r => long.Parse(r.Line, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
            Assert.Equal(result.Rejected.Select(r => r.Line).ToHashSet(), reportedLines);
            Assert.Equal(result.Rejected.Sum(r => r.Problems.Count), report.Count);
            // Every rejected line is where a generated row starts.
            Assert.Subset(expectedLines.ToHashSet(), reportedLines);
            // Nothing in the report can run as a spreadsheet formula.
            Assert.All(report, r => Assert.False(r.Value.Length > 0 && "=+-@\t\r".Contains(r.Value[0], StringComparison.Ordinal), r.Value));
        }, iter: 300, threads: 1);
    }

    [Fact]
    public async Task Records_decoded_whole_equal_records_decoded_field_by_field()
    {
        // Half the drops quote nothing they need not quote, so most of their rows take the whole-record path.
        var drops = Gen.Select(DropGen, Gen.Bool, (d, plain) => plain ? d with { ForceQuote = new bool[d.ForceQuote.Length] } : d);
        await drops.SampleAsync(async drop =>
        {
            var (bytes, _) = Serialise(drop);
            var fast = await ReadAllAsync(bytes, (byte)drop.Separator[0], fastAscii: true);
            var slow = await ReadAllAsync(bytes, (byte)drop.Separator[0], fastAscii: false);
            Assert.Equal(slow.Count, fast.Count);
            for (var i = 0; i < slow.Count; i++)
            {
                Assert.Equal(slow[i].Line, fast[i].Line);
                Assert.Equal(slow[i].Defect, fast[i].Defect);
                Assert.Equal(slow[i].Values.ToArray(), fast[i].Values.ToArray());
            }
        }, iter: 300, threads: 1);
    }

    private static async Task<List<Domain.Ingest.RawRecord>> ReadAllAsync(byte[] bytes, byte separator, bool fastAscii)
    {
        var records = new List<Domain.Ingest.RawRecord>();
        await foreach (var r in CsvRecordReader.ReadAsync(new MemoryStream(bytes), separator, Domain.Ingest.RecordSchema.Deals, null,
                           IngestLimits.Default, fastAscii))
        {
            records.Add(r.Snapshot());
        }
        return records;
    }

    /// <summary>The file, and the line each non-blank row starts on.</summary>
    private static (byte[] Bytes, List<long> RowLines) Serialise(Drop drop)
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(drop.Separator, Columns)).Append(drop.NewLine);
        long line = 2;
        var rowLines = new List<long>();
        foreach (var row in drop.Rows)
        {
            var fields = row.Select((f, i) => Quote(f, drop.Separator, drop.ForceQuote[i])).ToArray();
            var text = string.Join(drop.Separator, fields);
            if (row.Any(f => !string.IsNullOrWhiteSpace(f))) rowLines.Add(line);
            sb.Append(text).Append(drop.NewLine);
            line += 1 + text.Count(c => c == '\n');
        }
        var bytes = Encoding.UTF8.GetBytes(sb.ToString());
        return (drop.Bom ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes, rowLines);
    }

    private static string Quote(string field, string separator, bool force) =>
        force || field.Contains(separator, StringComparison.Ordinal) || field.Contains('"') || field.Contains('\n') || field.Contains('\r')
            ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : field;
}
