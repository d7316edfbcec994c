using System.Text;
using CsvHelper;
using Pipeline.Ingest;
using Xunit;

namespace Pipeline.Features.Tests.Ingest;

public sealed class BadInputCorpusTests
{
    public static TheoryData<BadInputCorpus.Case> Cases()
    {
        var data = new TheoryData<BadInputCorpus.Case>();
        foreach (var c in BadInputCorpus.All()) data.Add(c);
        return data;
    }

    [Fact]
    public void The_corpus_has_at_least_forty_bad_inputs() => Assert.True(BadInputCorpus.All().Count() >= 40);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_bad_input_gets_its_documented_outcome_and_a_clear_reason(BadInputCorpus.Case c)
    {
        var limits = new IngestLimits
        {
            MaxFileBytes = c.MaxFileBytes ?? IngestLimits.Default.MaxFileBytes,
            MaxRecordBytes = c.MaxRecordBytes ?? IngestLimits.Default.MaxRecordBytes,
        };
        var result = await IngestHarness.DealsAsync(c.Bytes, c.FileName, limits: limits, unseekable: c.Unseekable);
        var outcome = result.Outcome;
        Assert.Equal(outcome.RowsRead, outcome.RowsAccepted + outcome.RowsRejected);

        if (c.DropCode is not null)
        {
            Assert.NotNull(outcome.Rejection);
            Assert.Equal(c.DropCode, outcome.Rejection!.Code);
            Assert.Contains(c.ReasonContains, outcome.Rejection.Reason, StringComparison.Ordinal);
            Assert.Equal(0, outcome.RowsAccepted);

            var report = new MemoryStream();
            await FeedbackReportWriter.WriteDropRejectionAsync(report, outcome.Rejection);
            var lines = FeedbackReport.Parse(report.ToArray());
            var line = Assert.Single(lines);
            Assert.Equal("(file)", line.Column);
            Assert.Equal(outcome.Rejection.Reason, line.Reason);
            return;
        }

        Assert.Null(outcome.Rejection);
        var rejected = Assert.Single(result.Rejected);
        Assert.Equal(c.RowLine, rejected.Line);
        var problem = Assert.Single(rejected.Problems, p => p.Column == c.Column);
        Assert.Contains(c.ReasonContains, problem.Reason, StringComparison.Ordinal);
        Assert.Equal(1, outcome.RowsRejected);
        Assert.Equal(1, outcome.RowsAccepted);

        var feedback = FeedbackReport.Parse(result.Feedback);
        Assert.All(feedback, f => Assert.Equal(c.RowLine.ToString(), f.Line));
        if (c.FeedbackValue is not null)
        {
            Assert.Equal(c.FeedbackValue, feedback.Single(f => f.Column == c.Column).Value);
        }
    }
}

/// <summary>Reads a feedback report back, as a partner's spreadsheet would.</summary>
internal static class FeedbackReport
{
    public sealed record Entry(string Line, string Column, string Value, string Reason);

    public static List<Entry> Parse(byte[] bytes)
    {
        Assert.True(bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]), "the report starts with a UTF-8 BOM");
        using var reader = CsvReader.Create(bytes.AsMemory(3), CsvReaderOptions.Default with { Separator = ',' });
        Assert.Equal(["line", "column", "value", "reason"], reader.Headers);
        var lines = new List<Entry>();
        while (reader.Read()) lines.Add(new Entry(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        return lines;
    }
}
