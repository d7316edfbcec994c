using System.CommandLine;
using System.Diagnostics;
using DuckDB.NET.Data;
using Pipeline.Domain.Close;
using Pipeline.Domain.Samples;
using Pipeline.Functions.Close;
using Pipeline.Orchestration;
using Pipeline.Storage;
using Spectre.Console;

namespace Pipeline.Cli.Commands;

/// <summary>
/// <c>demo</c>: the whole pipeline on a throwaway Azurite: four quarters of generated partner drops are received and
/// ingested, each quarter is closed in order (the duplicate-deal hold in 2026Q2 is released by a finance decision), and
/// the statements and the Parquet lake are downloaded to a local folder and queried with DuckDB.
/// </summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "Where to write the results.", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("out", "demo")) };
        var command = new Command("demo", "Run the full demo on a fresh, temporary Azurite and write the results to a local folder.") { output };
        command.SetAction(CliAction.Run(async (parse, ct) =>
        {
            var clock = Stopwatch.StartNew();
            var outDir = parse.GetValue(output)!.FullName;
            if (Directory.Exists(outDir)) Directory.Delete(outDir, recursive: true);
            AnsiConsole.MarkupLine("[bold]Partner Payouts demo[/]: starting a temporary Azurite...");
            await using var storage = await CliStorage.EphemeralAsync(ct);
            await IngestSampleDataAsync(storage.ConnectionString, ct);

            AnsiConsole.MarkupLine("[bold]3. Finance closes each quarter[/] (orchestration: freeze, payouts, anomaly checks, holds, statements, lake)");
            await using (var running = await RunningApp.StartAsync(storage.ConnectionString, cancellationToken: ct))
            {
                var closes = running.Get<CloseClient>();
                foreach (var quarter in SampleDataGenerator.Quarters)
                {
                    var status = await CloseCommand.RunUntilSettledAsync(closes, quarter, ct);
                    if (status?.RuntimeStatus == OrchestrationRuntimeStatus.Running)
                    {
                        var held = status.ReadCustomStatus<string>() ?? "";
                        foreach (var partner in HeldPartners(held))
                        {
                            var decision = new CloseDecision(partner, DecisionActions.Release, null, "duplicate deal checked with both partners: each sold its own licence", "demo-finance");
                            await closes.DecideAsync(quarter, decision, ct);
                            AnsiConsole.MarkupLine($"   [yellow]finance decides[/]: close decide --quarter {quarter} --partner {Markup.Escape(partner)} --release --by demo-finance");
                        }

                        status = await closes.WaitAsync(quarter, ct);
                        Console.WriteLine($"   {quarter}: {CloseClient.Describe(status)}");
                    }

                    if (status?.RuntimeStatus != OrchestrationRuntimeStatus.Completed) throw new CliException($"the close of {quarter} did not complete: {CloseClient.Describe(status)}");
                    var outcome = status.ReadOutput<CloseOutcome>()!;
                    AnsiConsole.MarkupLine($"   [green]{quarter} closed[/]: {outcome.Partners} partner(s), total earned {outcome.TotalEarned:N2} USD, {outcome.Decisions} decision(s)");
                }

                var account = running.Get<StorageAccount>();
                AnsiConsole.MarkupLine("[bold]4. Results[/]");
                foreach (var (container, prefix) in new[] { (Names.Statements, (string?)null), (Names.Lake, "payouts/"), (Names.Lake, "payout_lines/"), (Names.Lake, "anomalies/"), (Names.Lake, "decisions/") })
                {
                    var n = await PullCommand.PullAsync(account, container, prefix, outDir, ct);
                    AnsiConsole.MarkupLine($"   {n} blob(s) of '{container}/{prefix}' → {Markup.Escape(Path.Combine(outDir, container, prefix ?? ""))}");
                }
            }

            PrintLakeQuery(outDir);
            AnsiConsole.MarkupLine($"Done in {clock.Elapsed.TotalSeconds:N1} s.");
            return 0;
        }));
        return command;
    }

    private static async Task IngestSampleDataAsync(string connectionString, CancellationToken ct)
    {
        await using var app = await AppServices.CreateAsync(connectionString, cancellationToken: ct);
        var account = app.Get<StorageAccount>();
        AnsiConsole.MarkupLine("[bold]1. Finance's reference data and a year of partner drops[/] (SampleDataGenerator, 2025Q4..2026Q3)");
        var files = new SampleDataGenerator().Generate();
        foreach (var file in files.OrderBy(f => f.Container == Names.Config ? 0 : 1))
            await account.Container(file.Container).GetBlobClient(file.BlobName).UploadAsync(BinaryData.FromBytes(file.Content), overwrite: true, ct);
        AnsiConsole.MarkupLine($"   {files.Count(f => f.Container == Names.Config)} config file(s), {files.Count(f => f.Container == Names.Drops)} drop(s)");

        AnsiConsole.MarkupLine("[bold]2. The pipeline receives and ingests them[/] (BlobCreated events → ReceiveDrop → lake)");
        var handled = await app.ProcessPendingAsync(ct);
        AnsiConsole.MarkupLine($"   {handled} event(s) processed");
        var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        await foreach (var record in app.Get<Pipeline.Storage.Audit.AuditLedger>().ReadAllAsync(ct))
            outcomes[record.Outcome] = outcomes.GetValueOrDefault(record.Outcome) + 1;
        AnsiConsole.MarkupLine($"   audit: {string.Join(", ", outcomes.Select(o => $"{o.Value} {o.Key}"))} (`pipeline audit list` shows every drop)");
    }

    private static IEnumerable<string> HeldPartners(string customStatus)
    {
        const string marker = "held (";
        var open = customStatus.IndexOf(marker, StringComparison.Ordinal);
        var close = customStatus.LastIndexOf(')');
        return open < 0 || close <= open ? [] : customStatus[(open + marker.Length)..close].Split(", ", StringSplitOptions.RemoveEmptyEntries);
    }

    private static void PrintLakeQuery(string outDir)
    {
        var glob = Path.Combine(outDir, Names.Lake, "payouts", "*", "*.parquet").Replace("'", "''", StringComparison.Ordinal);
        var sql = $"SELECT quarter, count(*) AS partners, sum(total_earned) AS total_earned, sum(balance_due) AS balance_due FROM read_parquet('{glob}', hive_partitioning = false) GROUP BY quarter ORDER BY quarter";
        AnsiConsole.MarkupLine("[bold]5. DuckDB over the lake[/]:");
        AnsiConsole.MarkupLine($"   [grey]{Markup.Escape(sql)}[/]");
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        Console.WriteLine("   quarter  partners  total_earned   balance_due");
        while (reader.Read())
            Console.WriteLine($"   {reader.GetString(0),-8} {reader.GetInt64(1),8}  {reader.GetDecimal(2),12:N2}  {reader.GetDecimal(3),12:N2}");
    }
}
