using Pipeline.LocalHost;
using System.CommandLine;
using Pipeline.Azure;
using Spectre.Console;
using Pipeline.Dev;

namespace Pipeline.Cli.Commands;

/// <summary><c>audit list</c> and <c>audit verify</c>: the drop ledger and its hash chain.</summary>
public static class AuditCommand
{
    public static Command Create()
    {
        var list = new Command("list", "List every drop the pipeline recorded, with its outcome.");
        list.SetAction(CliAction.Run(async (parse, ct) =>
        {
            await using var storage = await CliStorage.OpenAsync(parse.GetValue(GlobalOptions.Storage), ct);
            await using var app = await LocalApp.CreateAsync(storage.ConnectionString, cancellationToken: ct);
            await AuditView.PrintAsync(app, ct);
            return 0;
        }));

        var verify = new Command("verify", "Check every partner's audit chain: each record's hash, each link, each head. Exit 3 when tampering is found.");
        verify.SetAction(CliAction.Run(async (parse, ct) =>
        {
            await using var storage = await CliStorage.OpenAsync(parse.GetValue(GlobalOptions.Storage), ct);
            await using var app = await LocalApp.CreateAsync(storage.ConnectionString, cancellationToken: ct);
            var (records, problems) = await app.Get<AuditLedger>().VerifyAsync(ct);
            if (problems.Count == 0)
            {
                AnsiConsole.MarkupLine($"[green]audit chain intact[/]: {records} record(s) verified");
                return 0;
            }

            foreach (var p in problems)
            {
                AnsiConsole.MarkupLine($"[red]{Markup.Escape(p.PartnerKey)} #{p.Sequence} ({Markup.Escape(p.DropId)})[/]: {Markup.Escape(p.Problem)}");
            }

            AnsiConsole.MarkupLine($"[red]{problems.Count} problem(s)[/] in {records} record(s)");
            return 3;
        }));

        return new Command("audit", "The drop audit ledger.") { list, verify };
    }
}
