using CsvHelper;
using Pipeline.Domain.Ingest;

namespace Pipeline.Ingest;

/// <summary>
/// Writes the feedback report a partner opens in a spreadsheet (<c>feedback/{partnerId}/{dropId}.csv</c>):
/// UTF-8 with BOM (so Excel shows accents), columns line, column, value, reason; one line per problem, so a
/// row with two problems appears twice with the same line number. Text cells that a spreadsheet would run as
/// a formula (starting with = + - @ tab or CR) get a leading single quote: the values come from the partner's
/// own file and must not execute (=HYPERLINK(...)).
/// </summary>
public sealed class FeedbackReportWriter : IRejectedRowSink, IAsyncDisposable
{
    public static readonly string[] Header = ["line", "column", "value", "reason"];

    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with
    {
        WriteByteOrderMark = true,
        Injection = CsvInjection.Escape,
        InjectionCharacters = "=+-@\t\r",
        InjectionEscape = '\'',
    };

    private readonly CsvWriter _writer;

    public FeedbackReportWriter(Stream output, bool leaveOpen = false)
    {
        _writer = CsvWriter.Create(output, Options, leaveOpen);
        _writer.WriteRecord(Header);
    }

    /// <summary>Problems written so far (report lines, not rows).</summary>
    public long Lines { get; private set; }

    public async ValueTask AddAsync(RejectedRow row, CancellationToken cancellationToken = default)
    {
        foreach (var p in row.Problems)
        {
            // Line 0 means "not tied to a line" (a file-level problem found before any line): leave the cell empty.
            if (row.Line > 0) _writer.WriteField(row.Line, default);
            else _writer.WriteField("");
            _writer.WriteField(p.Column);
            _writer.WriteField(p.Value);
            _writer.WriteField(p.Reason);
            await _writer.EndRecordAsync(cancellationToken);
            Lines++;
        }
    }

    /// <summary>The report of a drop rejected as a whole: one line, with the file-level reason.</summary>
    public static async Task WriteDropRejectionAsync(Stream output, DropRejection rejection, CancellationToken cancellationToken = default)
    {
        await using var writer = new FeedbackReportWriter(output, leaveOpen: true);
        await writer.AddAsync(new RejectedRow(rejection.Line ?? 0, [new RowProblem("(file)", "", rejection.Code, rejection.Reason)]), cancellationToken);
    }

    public async ValueTask DisposeAsync() => await _writer.DisposeAsync();
}
