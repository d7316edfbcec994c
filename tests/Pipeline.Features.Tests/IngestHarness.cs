using System.Text;
using Pipeline.Domain.Ingest;
using Pipeline.Domain.Reference;
using Pipeline.Domain;
using Pipeline.Ingest;
using Pipeline.Ingest.Lake;

namespace Pipeline.Features.Tests;

/// <summary>Runs a drop through reader → normaliser → lake writer + feedback report, with outputs on disk or in memory.</summary>
internal static class IngestHarness
{
    public static readonly DateTimeOffset ReceivedAt = new(2026, 7, 15, 9, 30, 0, TimeSpan.Zero);
    public static readonly DropContext Drop = new("acme", "drop-0001", ReceivedAt);

    public static readonly FxTable Fx = new([
        new FxRate(new DateOnly(2025, 1, 1), "EUR", 1.10m),
        new FxRate(new DateOnly(2026, 7, 1), "EUR", 1.20m),
        new FxRate(new DateOnly(2025, 1, 1), "GBP", 1.25m),
    ]);

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static async Task<Result> DealsAsync(byte[] file, string fileName = "deals.csv", PartnerProfile? profile = null,
        IngestLimits? limits = null, string? lakeDirectory = null, LakeWriterOptions? options = null, bool unseekable = false)
    {
        var lakeStreams = new Dictionary<string, MemoryStream>();
        Stream Open(string blob, Quarter q)
        {
            if (lakeDirectory is null)
            {
                var ms = new MemoryStream();
                lakeStreams[blob] = ms;
                return ms;
            }
            var path = Path.Combine(lakeDirectory, blob);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            return File.Create(path);
        }

        var rejected = new ListSink<DealRow>();
        var accepted = new ListSink<DealRow>();
        var feedback = new MemoryStream();
        DropOutcome outcome;
        IReadOnlyList<LakeFile> files;
        await using (var lake = new LakeWriter<DealRow>(DealLakeTable.Instance, Drop, Open, options))
        await using (var report = new FeedbackReportWriter(feedback, leaveOpen: true))
        {
            var tee = new TeeAccepted<DealRow>(lake, accepted);
            Stream input = unseekable ? new UnseekableStream(file) : new MemoryStream(file);
            outcome = await DropRows.IngestDealsAsync(input, fileName, Drop, Fx, profile, tee,
                new FanOutRejectedSink(report, rejected), limits);
            files = await lake.CompleteAsync();
        }
        return new Result(outcome, accepted.Accepted.Select(a => a.Row).ToList(), rejected.Rejected, files,
            lakeStreams.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray()), feedback.ToArray());
    }

    public static async Task<(DropOutcome Outcome, List<MetricRow> Accepted, List<RejectedRow> Rejected)> MetricsAsync(
        byte[] file, string fileName = "metrics.csv", PartnerProfile? profile = null)
    {
        var sink = new ListSink<MetricRow>();
        var outcome = await DropRows.IngestMetricsAsync(new MemoryStream(file), fileName, Drop, profile, sink, sink);
        return (outcome, sink.Accepted.Select(a => a.Row).ToList(), sink.Rejected);
    }

    public sealed record Result(
        DropOutcome Outcome, List<DealRow> Accepted, List<RejectedRow> Rejected, IReadOnlyList<LakeFile> Files,
        Dictionary<string, byte[]> LakeBytes, byte[] Feedback)
    {
        public string FeedbackText => Encoding.UTF8.GetString(Feedback);
    }

    /// <summary>A source that cannot tell its length, like a network stream.</summary>
    private sealed class UnseekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
    }

    private sealed class TeeAccepted<T>(IAcceptedRowSink<T> a, IAcceptedRowSink<T> b) : IAcceptedRowSink<T>
    {
        public async ValueTask AddAsync(long line, T row, CancellationToken cancellationToken = default)
        {
            await a.AddAsync(line, row, cancellationToken);
            await b.AddAsync(line, row, cancellationToken);
        }
    }
}
