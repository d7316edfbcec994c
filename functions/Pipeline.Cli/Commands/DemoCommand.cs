using System.CommandLine;
using System.Text;
using Pipeline.Storage;
using Spectre.Console;

namespace Pipeline.Cli.Commands;

/// <summary>
/// <c>demo</c>: the whole pipeline on a throwaway Azurite: partners drop files, the pipeline receives them, and the
/// results are downloaded to a local folder.
/// </summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "Where to write the results.", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("out", "demo")) };
        var command = new Command("demo", "Run the full demo on a fresh, temporary Azurite and write the results to a local folder.") { output };
        command.SetAction(CliAction.Run(async (parse, ct) =>
        {
            var outDir = parse.GetValue(output)!.FullName;
            if (Directory.Exists(outDir)) Directory.Delete(outDir, recursive: true);
            AnsiConsole.MarkupLine("[bold]Partner Payouts demo[/]: starting a temporary Azurite...");
            await using var storage = await CliStorage.EphemeralAsync(ct);
            await using var app = await AppServices.CreateAsync(storage.ConnectionString, cancellationToken: ct);
            var account = app.Get<StorageAccount>();

            AnsiConsole.MarkupLine("[bold]1. Partners drop files[/] into the drops container");
            foreach (var (name, content) in SampleDrops())
            {
                await account.Container(Names.Drops).GetBlobClient(name).UploadAsync(BinaryData.FromString(content), overwrite: true, ct);
                AnsiConsole.MarkupLine($"   drops/{Markup.Escape(name)} ({Encoding.UTF8.GetByteCount(content):N0} bytes)");
            }

            AnsiConsole.MarkupLine("[bold]2. The pipeline receives them[/] (BlobCreated events → ReceiveDrop)");
            var handled = await app.ProcessPendingAsync(ct);
            AnsiConsole.MarkupLine($"   {handled} event(s) processed");
            await AuditView.PrintAsync(app, ct);

            AnsiConsole.MarkupLine("[bold]3. Results[/]");
            foreach (var container in new[] { Names.Raw })
            {
                var n = await PullCommand.PullAsync(account, container, null, outDir, ct);
                AnsiConsole.MarkupLine($"   {n} blob(s) of '{container}' → {Markup.Escape(Path.Combine(outDir, container))}");
            }

            return 0;
        }));
        return command;
    }

    private static IEnumerable<(string Name, string Content)> SampleDrops()
    {
        yield return ("p-1001/deals/2026-07.csv",
            "deal_id,close_date,customer_id,product,quantity,list_amount,net_amount,currency,status\n" +
            "D-1,2026-07-03,C-9,Suite,2,12000.00,10800.00,USD,won\nD-2,2026-07-19,C-4,Suite,1,6000,5100,EUR,won\n");
        yield return ("p-2001/metrics/2026-07.csv", "date,metric,value\n2026-07-31,engagement_rate,27%\n2026-07-31,conversion_rate,0.031\n");
        yield return ("p-1001/invoices/2026-07.csv", "not a kind we know\n");
        yield return ("p-1001/deals/empty.csv", "");
    }
}
