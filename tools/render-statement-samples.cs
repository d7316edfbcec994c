#:project ../functions/Pipeline.Statements/Pipeline.Statements.csproj
// Renders the sample statements (and the finance summary) to a folder, to look at them or to refresh the
// pictures in docs/:  dotnet run tools/render-statement-samples.cs -- OUT_DIR
// then: pdftoppm -png -r 80 -singlefile OUT_DIR/agency.pdf docs/statement-agency  (poppler-utils)
using Pipeline.Domain.Statements;
using Pipeline.Statements;
using Pipeline.Statements.Csv;
using Pipeline.Statements.Pdf;
using Pipeline.Dev.Samples;

var dir = args.Length > 0 ? args[0] : "out/statement-samples";
Directory.CreateDirectory(dir);
foreach (var (name, input) in new[] { ("agency", StatementSamples.Agency()), ("reseller", StatementSamples.Reseller()) })
{
    var statement = StatementBuilder.Build(input);
    File.WriteAllBytes(Path.Combine(dir, $"{name}.pdf"), StatementPdfRenderer.Render(statement));
    File.WriteAllBytes(Path.Combine(dir, $"{name}.csv"), StatementCsvWriter.Write(statement));
}

// The agency sample for a partner registered under a Japanese name: printed with the shipped Noto Sans JP.
var japanese = StatementSamples.Agency();
const string japaneseName = "株式会社さくらパートナーズ";
japanese = japanese with { Result = japanese.Result with { PartnerName = japaneseName }, Partner = japanese.Partner with { Name = japaneseName } };
File.WriteAllBytes(Path.Combine(dir, "agency-japanese.pdf"), StatementPdfRenderer.Render(StatementBuilder.Build(japanese)));

// A long statement, to look at continuation pages (repeated table header, running header, page numbers).
var longInput = StatementSamples.Reseller();
var bands = Enumerable.Range(1, 120)
    .Select(i => new Pipeline.Domain.Payouts.PayoutLine("finance-adjustment", $"Correction {i:D3}", 10m * i, 1m, 10m * i, ""))
    .ToList();
var longResult = longInput.Result with
{
    Lines = [.. longInput.Result.Lines, .. bands],
    TotalEarned = longInput.Result.TotalEarned + bands.Sum(b => b.Amount),
    BalanceDue = longInput.Result.BalanceDue + bands.Sum(b => b.Amount),
};
File.WriteAllBytes(Path.Combine(dir, "long.pdf"), StatementPdfRenderer.Render(StatementBuilder.Build(longInput with { Result = longResult })));

var summary = FinanceSummaryBuilder.Build(StatementSamples.FinanceSummary());
File.WriteAllBytes(Path.Combine(dir, "finance-summary.pdf"), FinanceSummaryPdfRenderer.Render(summary));
File.WriteAllBytes(Path.Combine(dir, "finance-summary.csv"), FinanceSummaryCsvWriter.Write(summary));

if (args.Contains("--benchmark"))
{
    foreach (var threads in new[] { 1, Environment.ProcessorCount })
    {
        Console.WriteLine(Pipeline.Benchmarks.StatementBenchmark.Run(1000, threads));
    }
}

Console.WriteLine($"Wrote samples to {dir}");
