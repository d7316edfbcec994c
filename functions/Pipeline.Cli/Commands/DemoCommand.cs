using System.Net;
using Pipeline.LocalHost;
using System.CommandLine;
using System.Diagnostics;
using DuckDB.NET.Data;
using Pipeline.Domain.Close;
using Pipeline.Dev.Samples;
using Pipeline.Functions.Close;
using Microsoft.DurableTask.Client;
using Pipeline.Azure;
using Spectre.Console;
using Pipeline.Dev;
using Pipeline.Close;

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
        var noServe = new Option<bool>("--no-serve") { Description = "Exit at the end instead of serving the web views until Ctrl+C (also when stdin is not a terminal)." };
        var port = new Option<int>("--port") { Description = "Port of the web views served at the end (a free one if taken).", DefaultValueFactory = _ => 7071 };
        var command = new Command("demo", "Run the full demo on a fresh, temporary Azurite and write the results to a local folder.") { output, noServe, port };
        command.SetAction(CliAction.Run(async (parse, ct) =>
        {
            var clock = Stopwatch.StartNew();
            var outDir = parse.GetValue(output)!.FullName;
            if (Directory.Exists(outDir)) Directory.Delete(outDir, recursive: true);
            AnsiConsole.MarkupLine("[bold]Partner Payouts demo[/]: starting a temporary Azurite...");
            await using var storage = await CliStorage.EphemeralAsync(ct);
            await IngestSampleDataAsync(storage.ConnectionString, ct);

            AnsiConsole.MarkupLine("[bold]3. Finance closes each quarter[/] (orchestration: freeze, payouts, anomaly checks, holds, statements, lake)");
            await using (var running = await LocalApp.StartAsync(storage.ConnectionString, cancellationToken: ct))
            {
                var closes = running.Closes;
                foreach (var quarter in SampleDataGenerator.Quarters)
                {
                    var status = await CloseCommand.RunUntilSettledAsync(closes, quarter, ct);
                    if (status?.RuntimeStatus == OrchestrationRuntimeStatus.Running)
                    {
                        foreach (var partner in CloseClient.Waiting(status) ?? [])
                        {
                            var decision = new CloseDecision(partner, DecisionActions.Release, null, "duplicate deal checked with both partners: each sold its own licence", "demo-finance");
                            await closes.DecideAsync(quarter, decision, ct);
                            AnsiConsole.MarkupLine($"   [yellow]finance decides[/]: close decide --quarter {quarter} --partner {Markup.Escape(partner)} --release --by demo-finance");
                        }

                        status = await closes.WaitAsync(quarter, ct);
                        Console.WriteLine($"   {quarter}: {CloseClient.Describe(status)}");
                    }

                    if (status?.RuntimeStatus != OrchestrationRuntimeStatus.Completed) throw new CliException($"the close of {quarter} did not complete: {CloseClient.Describe(status)}");
                    var outcome = status.ReadOutputAs<CloseOutcome>()!;
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
            var serve = !parse.GetValue(noServe) && !Console.IsInputRedirected;
            await ServeWebViewsAsync(storage.ConnectionString, parse.GetValue(port), serve, clock, ct);
            return 0;
        }));
        return command;
    }

    /// <summary>Steps 1 and 2: finance's reference data and the generated drops, ingested.</summary>
    private static async Task IngestSampleDataAsync(string connectionString, CancellationToken ct)
    {
        AnsiConsole.MarkupLine("[bold]1. Finance's reference data and a year of partner drops[/] (SampleDataGenerator, 2025Q4..2026Q3)");
        var ingested = await SampleData.IngestAsync(connectionString, ct);
        AnsiConsole.MarkupLine($"   {ingested.ConfigFiles} config file(s), {ingested.Drops} drop(s)");
        AnsiConsole.MarkupLine("[bold]2. The pipeline receives and ingests them[/] (BlobCreated events → ReceiveDrop → lake)");
        AnsiConsole.MarkupLine($"   {ingested.Events} event(s) processed");
        AnsiConsole.MarkupLine($"   audit: {string.Join(", ", ingested.Outcomes.Select(o => $"{o.Value} {o.Key}"))} (`pipeline audit list` shows every drop)");
    }

    /// <summary>The demo's partners shown in the web views: a reseller (held in 2026Q2) and an agency.</summary>
    public static readonly string[] ShowcasePartners = ["contoso-resale", "northwind-creative"];

    /// <summary>
    /// Step 6: the web views on the demo data. Issues a key per showcase partner and a finance approver key, measures the
    /// pages, prints the URLs with the keys, then serves until Ctrl+C when <paramref name="serve"/> (interactive runs).
    /// </summary>
    private static async Task ServeWebViewsAsync(string connectionString, int port, bool serve, Stopwatch clock, CancellationToken ct)
    {
        AnsiConsole.MarkupLine("[bold]6. Web views[/] (partner scorecard, finance console)");
        await using var web = await LocalApp.StartAsync(connectionString, port, cancellationToken: ct);
        var keys = web.Get<Pipeline.Access.ApiKeyStore>();
        var finance = (await keys.IssueFinanceKeyAsync("demo-finance", Pipeline.Access.ApiKeyRoles.Approver, cancellationToken: ct)).Key;
        var last = SampleDataGenerator.Quarters[^1];
        var rows = new List<(string Page, string Path, string? Cookie)>();
        foreach (var partner in ShowcasePartners)
        {
            var key = (await keys.IssuePartnerKeyAsync(partner, cancellationToken: ct)).Key;
            var path = $"/partners/{partner}?quarter={last}";
            rows.Add(($"scorecard {partner}", path, await web.SignInAsync(key, ct)));
            // Plain output: a key must not be wrapped at the console width.
            Console.WriteLine($"   scorecard: {web.BaseUrl + path}   sign in with {key}");
        }

        rows.Add(("finance console", "/finance?quarter=2026Q2", await web.SignInAsync(finance, ct)));
        Console.WriteLine($"   finance:   {web.BaseUrl}/finance   sign in with {finance} (approver)");

        var timings = await MeasureAsync(web, rows, cancellationToken: ct);
        foreach (var t in timings)
            Console.WriteLine($"   page time {t.Page,-34} median {t.MedianMs,6:N1} ms, slowest {t.MaxMs,6:N1} ms ({t.Requests} requests)");
        AnsiConsole.MarkupLine($"Done in {clock.Elapsed.TotalSeconds:N1} s.");
        if (!serve)
        {
            Console.WriteLine("   (not serving: --no-serve or stdin is not a terminal; run `pipeline demo` in a terminal to keep the views open)");
            return;
        }

        AnsiConsole.MarkupLine("   Serving the web views until [bold]Ctrl+C[/] (the demo's Azurite goes away when it stops).");
        try { await Task.Delay(Timeout.Infinite, ct); } catch (OperationCanceledException) { }
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

    /// <summary>
    /// Times full page loads (server side, over loopback) after one warm-up request each. The health endpoint is the
    /// baseline: the same HTTP path doing no work.
    /// </summary>
    private static async Task<IReadOnlyList<WebTiming>> MeasureAsync(LocalApp web, IReadOnlyList<(string Page, string Path, string? Cookie)> pages, int requests = 20, CancellationToken cancellationToken = default)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false };
        using var http = new HttpClient(handler);
        var results = new List<WebTiming>();
        foreach (var (page, path, cookie) in pages.Prepend(("baseline: /api/health", "/api/health", null)))
        {
            var times = new List<double>();
            for (var i = 0; i <= requests; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, web.BaseUrl + path);
                if (cookie is not null) request.Headers.Add("Cookie", cookie);
                var watch = Stopwatch.StartNew();
                using var response = await http.SendAsync(request, cancellationToken);
                await response.Content.ReadAsByteArrayAsync(cancellationToken);
                watch.Stop();
                if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}.");
                if (i > 0) times.Add(watch.Elapsed.TotalMilliseconds);
            }

            times.Sort();
            results.Add(new WebTiming(page, times[times.Count / 2], times[^1], times.Count));
        }

        return results;
    }
}

/// <summary>Page-time figures: median and slowest of the measured requests.</summary>
public sealed record WebTiming(string Page, double MedianMs, double MaxMs, int Requests);
