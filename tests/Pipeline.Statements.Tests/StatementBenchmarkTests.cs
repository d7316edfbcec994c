using Pipeline.Benchmarks;

namespace Pipeline.Statements.Tests;

public sealed class StatementBenchmarkTests
{
    [Fact]
    public void Benchmark_renders_the_requested_statements_and_reports_the_one_page_size()
    {
        var result = StatementBenchmark.Run(10, threads: 2);

        Assert.Equal((10, 2), (result.Statements, result.Threads));
        Assert.InRange(result.OnePagePdfBytes, 10 * 1024, 150 * 1024);
        Assert.InRange(result.TotalPdfBytes / 10, 10 * 1024, 150 * 1024);
        Assert.True(result.TotalCsvBytes > 10 * 600);
    }
}
