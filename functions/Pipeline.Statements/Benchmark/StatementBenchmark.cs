using System.Diagnostics;
using Pipeline.Domain.Statements;
using Pipeline.Statements.Csv;
using Pipeline.Statements.Pdf;
using Pipeline.Statements.Samples;

namespace Pipeline.Statements.Benchmark;

/// <param name="Elapsed">Wall time to build and render all statements (PDF and CSV), after one warm-up render.</param>
/// <param name="OnePagePdfBytes">Size of the one-page sample agency statement.</param>
public sealed record StatementBenchmarkResult(
    int Statements,
    TimeSpan Elapsed,
    long TotalPdfBytes,
    long TotalCsvBytes,
    int OnePagePdfBytes)
{
    public double StatementsPerSecond => Statements / Elapsed.TotalSeconds;
}

/// <summary>
/// Renders many statements the way a quarter close does (sequentially, one thread: the close renders
/// partners in parallel across function instances, not threads), for the CLI's benchmark verb.
/// </summary>
public static class StatementBenchmark
{
    public static StatementBenchmarkResult Run(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);

        // Warm-up: font loading and native initialisation happen once per process, not per statement.
        var onePage = StatementPdfRenderer.Render(StatementBuilder.Build(StatementSamples.Agency()));

        long pdfBytes = 0, csvBytes = 0;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var id = i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
            var input = i % 2 == 0
                ? StatementSamples.Agency($"AG-{id}", $"Agency {id} Média")
                : StatementSamples.Reseller($"RS-{id}", $"Reseller {id} Ünion");
            var statement = StatementBuilder.Build(input);
            pdfBytes += StatementPdfRenderer.Render(statement).Length;
            csvBytes += StatementCsvWriter.Write(statement).Length;
        }

        clock.Stop();
        return new StatementBenchmarkResult(count, clock.Elapsed, pdfBytes, csvBytes, onePage.Length);
    }
}
