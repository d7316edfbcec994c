using Pipeline.Domain.Ingest;

namespace Pipeline.Ingest;

/// <summary>Receives accepted rows as they are decided (the lake writer, a list in tests).</summary>
public interface IAcceptedRowSink<in T>
{
    ValueTask AddAsync(long line, T row, CancellationToken cancellationToken = default);
}

/// <summary>Receives rejected rows as they are decided (the feedback report, quarantine).</summary>
public interface IRejectedRowSink
{
    ValueTask AddAsync(RejectedRow row, CancellationToken cancellationToken = default);
}

/// <summary>Keeps everything in memory: for tests and small reference files, not for drops.</summary>
public sealed class ListSink<T> : IAcceptedRowSink<T>, IRejectedRowSink
{
    public List<(long Line, T Row)> Accepted { get; } = [];
    public List<RejectedRow> Rejected { get; } = [];

    public ValueTask AddAsync(long line, T row, CancellationToken cancellationToken = default)
    {
        Accepted.Add((line, row));
        return ValueTask.CompletedTask;
    }

    public ValueTask AddAsync(RejectedRow row, CancellationToken cancellationToken = default)
    {
        Rejected.Add(row);
        return ValueTask.CompletedTask;
    }
}

/// <summary>Passes each rejected row to several sinks (feedback report and quarantine).</summary>
public sealed class FanOutRejectedSink(params IRejectedRowSink[] sinks) : IRejectedRowSink
{
    public async ValueTask AddAsync(RejectedRow row, CancellationToken cancellationToken = default)
    {
        foreach (var sink in sinks) await sink.AddAsync(row, cancellationToken);
    }
}
