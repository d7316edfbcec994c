using System.Diagnostics;
using Pipeline.Domain.Statements;
using Pipeline.Statements.Csv;
using Pipeline.Statements.Pdf;
using Pipeline.Dev.Samples;

namespace Pipeline.Benchmarks;

/// <param name="Elapsed">Wall time to build and render every statement (PDF and CSV), after one warm-up render.</param>
/// <param name="CpuTime">Processor time the process spent meanwhile: the cost that does not depend on how busy the machine is.</param>
/// <param name="OnePagePdfBytes">Size of the sample agency statement, which fits on one page.</param>
public sealed record StatementBenchmarkResult(
    int Statements,
    int Threads,
    TimeSpan Elapsed,
    TimeSpan CpuTime,
    long TotalPdfBytes,
    long TotalCsvBytes,
    int OnePagePdfBytes)
{
    public double StatementsPerSecond => Statements / Elapsed.TotalSeconds;

    public double CpuMillisecondsPerStatement => CpuTime.TotalMilliseconds / Statements;

    /// <summary>One line for the CLI, e.g. "1000 statements in 4.59 s on 2 threads (218/s, 3.6 ms CPU each); one-page PDF 31.4 KB".</summary>
    public override string ToString() => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"{Statements} statements in {Elapsed.TotalSeconds:0.00} s on {Threads} thread{(Threads == 1 ? "" : "s")} " +
        $"({StatementsPerSecond:0}/s, {CpuMillisecondsPerStatement:0.0} ms CPU each); one-page PDF {OnePagePdfBytes / 1024.0:0.0} KB");
}

/// <summary>
/// Renders many statements as a quarter close does, for the CLI's benchmark verb: alternating the sample agency
/// and reseller under distinct ids and names, each built, rendered to PDF and written as CSV.
/// </summary>
public static class StatementBenchmark
{
    /// <param name="threads">Statements rendered at once; by default one per processor (rendering is independent per statement).</param>
    public static StatementBenchmarkResult Run(int count, int? threads = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var parallelism = threads ?? Environment.ProcessorCount;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(parallelism);

        // Warm-up: font loading and native initialisation happen once per process, not per statement.
        var onePage = StatementPdfRenderer.Render(StatementBuilder.Build(StatementSamples.Agency()));

        long pdfBytes = 0, csvBytes = 0;
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, i =>
        {
            var statement = StatementBuilder.Build(Sample(i));
            Interlocked.Add(ref pdfBytes, StatementPdfRenderer.Render(statement).Length);
            Interlocked.Add(ref csvBytes, StatementCsvWriter.Write(statement).Length);
        });
        clock.Stop();
        process.Refresh();
        return new StatementBenchmarkResult(
            count, parallelism, clock.Elapsed, process.TotalProcessorTime - cpuBefore, pdfBytes, csvBytes, onePage.Length);
    }

    private static StatementInput Sample(int i)
    {
        var id = i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
        return i % 2 == 0
            ? StatementSamples.Agency($"AG-{id}", $"Agency {id} Média")
            : StatementSamples.Reseller($"RS-{id}", $"Reseller {id} Ünion");
    }
}
