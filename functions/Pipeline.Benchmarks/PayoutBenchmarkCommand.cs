using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Pipeline.Domain.Deals;
using Pipeline.Domain.Payouts;
using Pipeline.Domain.Programs;
using Pipeline.Dev.CrossChecks;
using Pipeline.Dev;
using Pipeline.Ingest.Lake;

namespace Pipeline.Benchmarks;

/// <summary>
/// <c>benchmark payouts</c>: generated resellers and their deals written as lake Parquet (the lake writer, one drop
/// per partner), then, on the same files in the same run, (a) our path: Parquet.Net read, group per partner,
/// <see cref="PayoutCalculator.Calculate"/> per partner; (b) DuckDB computing the same reseller payouts in SQL
/// (<see cref="ResellerPlanSql"/>). Both totals must agree to the cent.
/// </summary>
public static class PayoutBenchmarkCommand
{
    public static Command Create()
    {
        var partners = new Option<int>("--partners") { Description = "Generated resellers.", DefaultValueFactory = _ => 10_000 };
        var deals = new Option<int>("--deals") { Description = "Generated deals (about; spread over the partners).", DefaultValueFactory = _ => 2_000_000 };
        var command = new Command("payouts", "Read a generated Parquet lake, group per partner and run the payout calculator; print time and peak memory next to DuckDB computing the same reseller payouts in SQL on the same files (target: at most 3x DuckDB's time; totals must agree).") { partners, deals };
        command.SetAction(CliAction.Run(async (parse, ct) =>
        {
            var p = parse.GetValue(partners);
            var n = parse.GetValue(deals);
            var work = Directory.CreateTempSubdirectory("payout-bench-").FullName;
            try
            {
                var generateWatch = Stopwatch.StartNew();
                var generated = GeneratedResellers.Create(p, seed: 20261123, averageDeals: Math.Max(1, n / Math.Max(1, p)));
                var files = await generated.WriteDealsAsync(work, ct: ct);
                var facts = generated.PartnerInputs.Select(i => i with { Deals = [] }).ToList();
                var setup = generated.SetupStatements().ToList();
                var dealCount = generated.DealCount;
                var bytes = files.Sum(f => new FileInfo(Path.Combine(work, f.BlobName)).Length);
                generated = null;
                GC.Collect();
                Console.WriteLine($"generated {p:N0} resellers, {dealCount:N0} deals in {files.Count:N0} Parquet files, {bytes / 1048576.0:N1} MiB ({generateWatch.Elapsed.TotalSeconds:N1} s)");

                var glob = GeneratedResellers.DealsGlob(work);
                // the non-deal facts (partners, metrics, last year, held deals) are loaded before timing, as ours are in memory
                TimeSpan duckTime;
                long duckPeak, duckBefore;
                (long Partners, decimal Total) duckTotal;
                using (var connection = new DuckDBConnection("Data Source=:memory:"))
                {
                    connection.Open();
                    Setup(connection, setup);
                    (duckTime, duckPeak, duckBefore, duckTotal) = Measure(() => DuckDbTotal(connection, glob));
                }

                GC.Collect();
                Console.WriteLine($"DuckDB SQL over Parquet      : {duckTime.TotalSeconds,7:N2} s  peak working set {duckPeak / 1048576.0,6:N0} MB (at start {duckBefore / 1048576.0,6:N0} MB)  total {duckTotal.Total,16:N2} ({duckTotal.Partners:N0} partners with lines)");

                var (oursTime, oursPeak, oursBefore, oursTotal) = Measure(() => OurPathAsync(work, facts, ct).GetAwaiter().GetResult());
                Console.WriteLine($"Parquet.Net + calculator     : {oursTime.TotalSeconds,7:N2} s  peak working set {oursPeak / 1048576.0,6:N0} MB (at start {oursBefore / 1048576.0,6:N0} MB)  total {oursTotal.Total,16:N2} ({oursTotal.Partners:N0} partners with lines)");
                Console.WriteLine($"ratio ours / DuckDB          : {oursTime / duckTime,7:N2}x   (target <= 3x)");
                using var process = Process.GetCurrentProcess();
                Console.WriteLine($"peak working set (process)   : {process.PeakWorkingSet64 / 1048576.0,7:N0} MB (includes generation; DuckDB runs in-process)");
                var agree = duckTotal == oursTotal;
                Console.WriteLine(agree ? "totals agree to the cent" : $"TOTALS DIFFER: DuckDB {duckTotal}, ours {oursTotal}");
                return agree ? 0 : 1;
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        }));
        return command;
    }

    /// <summary>Runs the action while sampling the process working set every 10 ms; returns time, peak sampled, working set at start, result.</summary>
    private static (TimeSpan Elapsed, long PeakWorkingSet, long Before, T Result) Measure<T>(Func<T> action)
    {
        using var process = Process.GetCurrentProcess();
        var before = process.WorkingSet64;
        long peak = 0;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                try { await Task.Delay(10, stop.Token); } catch (OperationCanceledException) { break; }
            }
        });
        var watch = Stopwatch.StartNew();
        var result = action();
        watch.Stop();
        stop.Cancel();
        sampler.Wait();
        process.Refresh();
        return (watch.Elapsed, Math.Max(peak, process.WorkingSet64), before, result);
    }

    private static void Setup(DuckDBConnection connection, IReadOnlyList<string> setup)
    {
        using var command = connection.CreateCommand();
        foreach (var statement in setup)
        {
            command.CommandText = statement;
            command.ExecuteNonQuery();
        }
    }

    private static (long Partners, decimal Total) DuckDbTotal(DuckDBConnection connection, string glob)
    {
        using var command = connection.CreateCommand();
        command.CommandText = ResellerPlanSql.Total(glob);
        using var reader = command.ExecuteReader();
        reader.Read();
        return (Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), reader.IsDBNull(1) ? 0m : reader.GetDecimal(1));
    }

    /// <summary>Our path: every deals file of the lake read with Parquet.Net, grouped per partner, one calculation per partner.</summary>
    private static async Task<(long Partners, decimal Total)> OurPathAsync(string lake, IReadOnlyList<PayoutInput> facts, CancellationToken ct)
    {
        var byPartner = new Dictionary<string, List<NormalisedDeal>>(facts.Count, StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(Path.Combine(lake, DealLakeTable.Instance.Name), "*.parquet", SearchOption.AllDirectories))
        {
            await using var stream = File.OpenRead(path);
            await foreach (var rg in DealLakeTable.ReadAsync(stream, ct))
            {
                foreach (var deal in await rg.DealsAsync(ct))
                {
                    if (!byPartner.TryGetValue(deal.PartnerId, out var deals)) byPartner[deal.PartnerId] = deals = [];
                    deals.Add(deal);
                }
            }
        }

        long partners = 0;
        var total = 0m;
        foreach (var input in facts)
        {
            var result = PayoutCalculator.Calculate(ProgramDefinitions.Reference,
                input with { Deals = byPartner.TryGetValue(input.Partner.PartnerId, out var d) ? d : [] });
            var lines = result.Lines.Where(l => l.RuleId is RuleIds.Band or RuleIds.ErodedDeals).ToList();
            if (lines.Count > 0) partners++;
            total += lines.Sum(l => l.Amount);
        }

        return (partners, total);
    }
}
