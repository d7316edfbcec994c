#:project ../functions/Pipeline.Statements/Pipeline.Statements.csproj
// Renders the sample statements (and the finance summary) to a folder, to look at them or to refresh the
// pictures in docs/:  dotnet run tools/render-statement-samples.cs -- OUT_DIR
// then: pdftoppm -png -r 80 -singlefile OUT_DIR/agency.pdf docs/statement-agency  (poppler-utils)
using Pipeline.Domain.Statements;
using Pipeline.Statements;
using Pipeline.Statements.Csv;
using Pipeline.Statements.Pdf;
using Pipeline.Statements.Samples;

var dir = args.Length > 0 ? args[0] : "out/statement-samples";
Directory.CreateDirectory(dir);
foreach (var (name, input) in new[] { ("agency", StatementSamples.Agency()), ("reseller", StatementSamples.Reseller()) })
{
    var statement = StatementBuilder.Build(input);
    File.WriteAllBytes(Path.Combine(dir, $"{name}.pdf"), StatementPdfRenderer.Render(statement));
    File.WriteAllBytes(Path.Combine(dir, $"{name}.csv"), StatementCsvWriter.Write(statement));
}

var summary = FinanceSummaryBuilder.Build(StatementSamples.FinanceSummary());
File.WriteAllBytes(Path.Combine(dir, "finance-summary.pdf"), FinanceSummaryPdfRenderer.Render(summary));
File.WriteAllBytes(Path.Combine(dir, "finance-summary.csv"), FinanceSummaryCsvWriter.Write(summary));

if (args.Contains("--benchmark"))
{
    var result = Pipeline.Statements.Benchmark.StatementBenchmark.Run(1000);
    Console.WriteLine($"{result.Statements} statements in {result.Elapsed.TotalSeconds:0.00} s ({result.StatementsPerSecond:0} /s); " +
        $"one-page PDF {result.OnePagePdfBytes / 1024.0:0.0} KB; total PDF {result.TotalPdfBytes / 1048576.0:0.0} MB");
}

Console.WriteLine($"Wrote samples to {dir}");
