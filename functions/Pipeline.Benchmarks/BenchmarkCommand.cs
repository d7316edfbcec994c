using System.CommandLine;
using Pipeline.Benchmarks;
using Pipeline.Dev;

namespace Pipeline.Benchmarks;

/// <summary><c>benchmark ...</c>: the performance figures of the README, each next to a baseline measured in the same run.</summary>
public static class BenchmarkCommand
{
    public static Command Create()
    {
        var command = new Command("benchmark", "Measure throughput and memory; each figure is printed next to a baseline measured in the same run.");
        command.Subcommands.Add(Statements());
        command.Subcommands.Add(Engine());
        command.Subcommands.Add(IngestBenchmarkCommand.Create());
        command.Subcommands.Add(PayoutBenchmarkCommand.Create());
        command.Subcommands.Add(CloseBenchmarkCommand.Create());
        command.Subcommands.Add(ScorecardBenchmarkCommand.Create());
        return command;
    }

    private static Command Engine()
    {
        var count = new Option<int>("--activities") { Description = "No-op activities in the fan-out.", DefaultValueFactory = _ => 1000 };
        var sessions = new Option<bool>("--no-extended-sessions") { Description = "Measure without extended sessions (the local host runs with them)." };
        var command = new Command("engine", "Fan-out/fan-in of N no-op activities on the Durable Task Framework (Azure Storage provider, temporary Azurite), next to the raw queue round trip (send, receive, delete) measured in the same run.") { count, sessions };
        command.SetAction(CliAction.Run(async (parse, ct) =>
        {
            await using var storage = await CliStorage.EphemeralAsync(ct);
            var result = await EngineBenchmark.RunAsync(storage.ConnectionString, parse.GetValue(count), !parse.GetValue(sessions), ct);
            Console.WriteLine(result);
            return 0;
        }));
        return command;
    }

    private static Command Statements()
    {
        var count = new Option<int>("--count") { Description = "Statements to render.", DefaultValueFactory = _ => 1000 };
        var command = new Command("statements", "Render N statements (PDF + CSV) on one thread and on all cores; print time, CPU and one-page PDF size (targets: 1,000 in < 10 s, < 150 KB).") { count };
        command.SetAction(CliAction.Run((parse, _) =>
        {
            var n = parse.GetValue(count);
            // Baseline in the same run: one thread, then all cores.
            Console.WriteLine($"1 thread : {StatementBenchmark.Run(n, threads: 1)}");
            Console.WriteLine($"{Environment.ProcessorCount} threads: {StatementBenchmark.Run(n)}");
            return Task.FromResult(0);
        }));
        return command;
    }
}
