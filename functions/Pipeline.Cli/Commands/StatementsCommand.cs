using Pipeline.LocalHost;
using System.CommandLine;
using Pipeline.Domain;
using Pipeline.Domain.Programs;
using Pipeline.Domain.Statements;
using Pipeline.Functions.Close;
using Pipeline.Statements;
using Pipeline.Azure;
using Pipeline.Ingest;
using Pipeline.Dev;
using Pipeline.Close;

namespace Pipeline.Cli.Commands;

/// <summary>
/// <c>statements render --quarter Q --partner P --to DIR</c>: a partner's statement as files to look at. For a
/// closed quarter these are the published statement files, byte for byte; otherwise the statement is computed
/// from the lake as it stands and marked as a projection in its file names.
/// </summary>
public static class StatementsCommand
{
    public static Command Create()
    {
        var quarter = new Option<string>("--quarter") { Description = "Quarter, e.g. 2026Q3.", Required = true };
        var partner = new Option<string>("--partner") { Description = "Partner id.", Required = true };
        var to = new Option<DirectoryInfo>("--to") { Description = "Folder to write statement.pdf and lines.csv into.", Required = true };
        var render = new Command("render", "Write a partner's statement (PDF) and lines (CSV) for a quarter into a local folder.") { quarter, partner, to };
        render.SetAction(CliAction.Run(async (parse, ct) =>
        {
            if (!Quarter.TryParse(parse.GetValue(quarter), out var q)) throw new CliException($"'{parse.GetValue(quarter)}' is not a quarter (e.g. 2026Q3)");
            var partnerId = parse.GetValue(partner)!;
            var dir = parse.GetValue(to)!.FullName;
            Directory.CreateDirectory(dir);
            await using var storage = await CliStorage.OpenAsync(parse.GetValue(GlobalOptions.Storage), ct);
            await using var app = await LocalApp.CreateAsync(storage.ConnectionString, cancellationToken: ct);
            var container = app.Get<StorageAccount>().Container(Names.Statements);

            var published = new[] { StatementPaths.StatementPdf(q, partnerId), StatementPaths.LinesCsv(q, partnerId) };
            if (await container.GetBlobClient(published[0]).ExistsAsync(ct))
            {
                foreach (var name in published)
                {
                    var target = Path.Combine(dir, Path.GetFileName(name));
                    await container.GetBlobClient(name).DownloadToAsync(target, ct);
                    Console.WriteLine($"{target} (published with the close of {q})");
                }

                return 0;
            }

            var close = (await app.Get<QuarterProjection>().ComputeAsync(q, null, partnerId, ct)).Single();
            var registry = (await app.Get<ReferenceDataStore>().LoadAsync(ct)).Partners;
            var input = new StatementInput
            {
                Result = close.Result,
                Partner = registry.Find(partnerId)!,
                Notices = [$"Projection: {q} is not closed; computed from the data received so far, without anomaly checks."],
            };
            foreach (var file in StatementDocuments.ForPartner(input))
            {
                var target = Path.Combine(dir, "projection-" + Path.GetFileName(file.BlobName));
                await File.WriteAllBytesAsync(target, file.Content, ct);
                Console.WriteLine($"{target} (projection: {q} is not closed)");
            }

            return 0;
        }));

        return new Command("statements", "Partner statements.") { render };
    }
}
