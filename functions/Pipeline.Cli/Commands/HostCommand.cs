using System.CommandLine;
using Pipeline.Functions;

namespace Pipeline.Cli.Commands;

/// <summary><c>host</c>: runs the function app with its local trigger host until Ctrl+C.</summary>
public static class HostCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "HTTP port of the handler.", DefaultValueFactory = _ => 7071 };
        var command = new Command("host", "Run the function app locally: timers, queue triggers and drop events against storage, until Ctrl+C.") { port };
        command.SetAction(CliAction.Run(async (parse, ct) =>
        {
            await using var storage = await CliStorage.OpenAsync(parse.GetValue(GlobalOptions.Storage), ct);
            await using var app = PipelineApp.Build(
                [],
                new Dictionary<string, string?>
                {
                    [PipelineApp.StorageSetting] = storage.ConnectionString,
                    ["Pipeline:LocalPort"] = parse.GetValue(port).ToString(System.Globalization.CultureInfo.InvariantCulture),
                },
                localTriggers: true);
            Console.WriteLine($"host running on http://127.0.0.1:{parse.GetValue(port)}; drop files into the 'drops' container. Ctrl+C to stop.");
            await app.StartAsync(ct);
            try { await Task.Delay(Timeout.Infinite, ct); } catch (OperationCanceledException) { }
            await app.StopAsync(CancellationToken.None);
            return 0;
        }));
        return command;
    }
}
