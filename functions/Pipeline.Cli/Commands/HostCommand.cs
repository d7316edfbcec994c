using System.CommandLine;
using System.Globalization;
using Pipeline.Functions;
using Pipeline.LocalHost;
using Pipeline.Dev;
using Pipeline.Azure;

namespace Pipeline.Cli.Commands;

/// <summary><c>host</c>: runs the function app with the local host until Ctrl+C.</summary>
public static class HostCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "HTTP port of the app.", DefaultValueFactory = _ => 7071 };
        var command = new Command("host", "Run the function app locally: HTTP functions, timers, queue triggers, drop events and the Durable Task worker, until Ctrl+C.") { port };
        command.SetAction(CliAction.Run(async (parse, ct) =>
        {
            await using var storage = await CliStorage.OpenAsync(parse.GetValue(GlobalOptions.Storage), ct);
            Console.WriteLine($"host running on http://127.0.0.1:{parse.GetValue(port)}; drop files into the 'drops' container. Ctrl+C to stop.");
            return await LocalFunctionsHost.RunAsync([], new Dictionary<string, string?>
            {
                [StorageSettings.ConnectionName] = storage.ConnectionString,
                [LocalFunctionsHost.PortSetting] = parse.GetValue(port).ToString(CultureInfo.InvariantCulture),
            }, ct);
        }));
        return command;
    }
}
