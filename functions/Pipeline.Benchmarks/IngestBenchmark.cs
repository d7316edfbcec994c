using System.Diagnostics;
using Pipeline.Domain.Ingest;
using Pipeline.Domain.Reference;
using Pipeline.Dev.Samples;
using Pipeline.Domain;
using Pipeline.Ingest.Lake;
using Pipeline.Ingest;

namespace Pipeline.Benchmarks;

/// <summary>What one benchmark run measured.</summary>
public sealed record IngestBenchmarkResult(
    long Rows, long Accepted, long Rejected, long FileBytes, TimeSpan Elapsed, TimeSpan CpuTime, double RowsPerSecond,
    long PeakWorkingSetBytes, long PeakManagedBytes, IReadOnlyList<LakeFile> Files)
{
    /// <summary>The process's working set when the run started (what it held before: runtime, JIT, earlier work).</summary>
    public long StartWorkingSetBytes { get; init; }
}

/// <summary>
/// The file-level half of the benchmark CLI verb: generate a large deals CSV, then parse + normalise + write
/// Parquet from the local file (no Azure), timing it and sampling memory. The CLI adds the Azurite round trip
/// and DuckDB's time on the same file.
/// </summary>
public static class IngestBenchmark
{
    /// <summary>Writes the benchmark input (<see cref="SampleDataGenerator.WriteLargeDealsCsv"/>) to a file.</summary>
    public static void GenerateDealsCsv(string path, int rows, int seed = 1)
    {
        using var file = File.Create(path);
        SampleDataGenerator.WriteLargeDealsCsv(file, rows, seed);
    }

    /// <summary>Ingests <paramref name="csvPath"/> into Parquet files under <paramref name="lakeDirectory"/>.</summary>
    public static async Task<IngestBenchmarkResult> RunAsync(string csvPath, string lakeDirectory, FxTable fx,
        LakeWriterOptions? lakeOptions = null, CancellationToken cancellationToken = default)
    {
        var drop = new DropContext("bench-partner", "bench-drop", new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero));
        Stream Open(string blob, Quarter quarter)
        {
            var path = Path.Combine(lakeDirectory, blob);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            return new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        }

        GC.Collect();
        using var sampler = new MemorySampler();
        var startWorkingSet = Environment.WorkingSet;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        DropOutcome outcome;
        IReadOnlyList<LakeFile> files;
        await using (var input = new FileStream(csvPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
        await using (var lake = new LakeWriter<DealRow>(DealLakeTable.Instance, drop, Open, lakeOptions))
        {
            outcome = await DropRows.IngestDealsAsync(input, Path.GetFileName(csvPath), drop, fx, null, lake, NullRejectedSink.Instance,
                new IngestLimits { MaxFileBytes = long.MaxValue }, cancellationToken);
            files = await lake.CompleteAsync(cancellationToken);
        }
        stopwatch.Stop();
        var cpuTime = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        sampler.Sample();
        return new IngestBenchmarkResult(outcome.RowsRead, outcome.RowsAccepted, outcome.RowsRejected, new FileInfo(csvPath).Length,
            stopwatch.Elapsed, cpuTime, outcome.RowsRead / stopwatch.Elapsed.TotalSeconds,
            sampler.PeakWorkingSet, sampler.PeakManaged, files) { StartWorkingSetBytes = startWorkingSet };
    }

    private sealed class NullRejectedSink : IRejectedRowSink
    {
        public static readonly NullRejectedSink Instance = new();
        public ValueTask AddAsync(RejectedRow row, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }
}

/// <summary>
/// Samples the process's working set and managed heap every 20 ms from construction until disposal: the peak
/// during one measured window, not the process's lifetime peak (which would include whatever ran before).
/// </summary>
public sealed class MemorySampler : IDisposable
{
    private readonly Timer _timer;

    public MemorySampler() => _timer = new Timer(_ => Sample(), null, 0, 20);

    public long PeakWorkingSet { get; private set; }
    public long PeakManaged { get; private set; }

    public void Sample()
    {
        lock (_timer)
        {
            PeakWorkingSet = Math.Max(PeakWorkingSet, Environment.WorkingSet);
            PeakManaged = Math.Max(PeakManaged, GC.GetTotalMemory(false));
        }
    }

    public void Dispose()
    {
        Sample();
        _timer.Dispose();
    }
}
