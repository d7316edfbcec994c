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

Console.WriteLine($"Wrote samples to {dir}");
