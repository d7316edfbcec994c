using Pipeline.LocalHost;
using Pipeline.Azure;
using Pipeline.Ingest;
using Spectre.Console;

namespace Pipeline.Cli.Commands;

/// <summary>Prints the drop audit table.</summary>
public static class AuditView
{
    public static async Task PrintAsync(LocalApp app, CancellationToken ct)
    {
        var table = new Table().AddColumns("drop", "path", "outcome", "bytes", "sha256", "reason");
        await foreach (var row in app.Get<AuditLedger>().ReadAllAsync(ct))
        {
            table.AddRow(
                Markup.Escape(row.DropId),
                Markup.Escape(row.Path),
                row.Outcome == AuditOutcomes.Accepted ? "[green]accepted[/]" : $"[red]{Markup.Escape(row.Outcome)}[/]",
                row.Size.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
                row.Sha256.Length > 12 ? row.Sha256[..12] + "…" : row.Sha256,
                Markup.Escape(row.Reason));
        }

        AnsiConsole.Write(table);
    }
}
