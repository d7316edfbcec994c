using Pipeline.LocalHost;
using System.CommandLine;
using Pipeline.Dev;

namespace Pipeline.Cli.Commands;

/// <summary><c>ingest</c>: processes every pending drop once, through the same handlers as the host, then exits.</summary>
public static class IngestCommand
{
    public static Command Create()
    {
        var command = new Command("ingest", "Process every pending drop once (announce new blobs, run the queue functions until idle), then exit.");
        command.SetAction(CliAction.Run(async (parse, ct) =>
        {
            await using var storage = await CliStorage.OpenAsync(parse.GetValue(GlobalOptions.Storage), ct);
            await using var app = await LocalApp.CreateAsync(storage.ConnectionString, cancellationToken: ct);
            var handled = await app.ProcessPendingAsync(ct);
            Console.WriteLine($"processed {handled} message(s)");
            await AuditView.PrintAsync(app, ct);
            return 0;
        }));
        return command;
    }
}
