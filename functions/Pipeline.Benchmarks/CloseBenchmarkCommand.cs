using Pipeline.LocalHost;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Pipeline.Domain;
using Pipeline.Functions.Close;
using Microsoft.DurableTask.Client;
using Pipeline.Azure;
using Pipeline.Close;
using Pipeline.Dev.CrossChecks;
using Pipeline.Ingest;
using Pipeline.Dev;

namespace Pipeline.Benchmarks;

/// <summary>
/// <c>benchmark close</c>: a generated quarter (<see cref="GeneratedCloseQuarter"/>) seeded into a temporary Azurite the
/// way ingestion leaves it (raw archive, lake Parquet, audit ledger, receipts), then the full close on the app's engine
/// in this process, timed per phase from its custom status, with the process's peak working set sampled during the close
/// only. Baselines in the same run: reading the quarter's lake once (every file downloaded, revenue summed per partner by
/// DuckDB) and writing as many statement-sized blobs as the close writes.
/// </summary>
public static class CloseBenchmarkCommand
{
    private static readonly Quarter Q = Quarter.Parse("2026Q3");

    public static Command Create()
    {
        var partners = new Option<int>("--partners") { Description = "Generated partners (one in five an agency with metrics, the rest resellers with deals).", DefaultValueFactory = _ => 10_000 };
        var deals = new Option<long>("--deals") { Description = "Generated deals, spread over the resellers.", DefaultValueFactory = _ => 2_000_000 };
        var throughReceiver = new Option<bool>("--seed-through-receiver") { Description = "Seed every drop through DropReceiver (what ReceiveDrop runs) instead of the file-level ingest: exact, but it loads the registry per drop (use at hundreds of partners)." };
        var parallelism = new Option<int>("--seed-parallelism") { Description = "Drops seeded at a time.", DefaultValueFactory = _ => 16 };
        var command = new Command("close", "Seed a generated quarter into a temporary Azurite as ingestion leaves it, run the full close in-process; print wall time per phase, peak working set during the close, statements and payouts, next to reading the same lake once (DuckDB) and writing as many statement-sized blobs (target: 10,000 partners, 2,000,000 deals in < 10 min).")
        {
            partners, deals, throughReceiver, parallelism,
        };
        command.SetAction(CliAction.Run(async (parse, ct) =>
        {
            var generated = new GeneratedCloseQuarter(Q, parse.GetValue(partners), parse.GetValue(deals));
            await using var storage = await CliStorage.EphemeralAsync(ct);
            Console.WriteLine($"load before: {LoadAverage()}");

            var seedWatch = Stopwatch.StartNew();
            long rows;
            await using (var app = await LocalApp.CreateAsync(storage.ConnectionString, cancellationToken: ct))
            {
                var path = parse.GetValue(throughReceiver) ? CloseSeedPath.Receiver : CloseSeedPath.FileLevel;
                rows = await generated.SeedAsync(app.Get<StorageAccount>(), app.Get<AuditLedger>(), app.Get<DropReceiver>(), path, parse.GetValue(parallelism),
                    new Progress<int>(n => Console.WriteLine($"   seeded {n:N0}/{generated.Partners:N0} drops ({seedWatch.Elapsed.TotalSeconds:N0} s)")), ct);
                Console.WriteLine($"seeded {generated.Partners:N0} partners ({generated.Resellers:N0} resellers, {generated.Agencies:N0} agencies), {rows:N0} rows, {path} path, in {seedWatch.Elapsed.TotalSeconds:N1} s");
            }

            GC.Collect();
            using var process = Process.GetCurrentProcess();
            process.Refresh();
            var startWorkingSet = process.WorkingSet64;
            var cpuBefore = process.TotalProcessorTime;
            var closeWatch = Stopwatch.StartNew();
            var phases = new List<(string Phase, TimeSpan At)>();
            long peak = 0;
            var phasePeaks = new System.Collections.Concurrent.ConcurrentDictionary<string, long>(StringComparer.Ordinal);
            var current = "start";
            OrchestrationMetadata? status;
            await using (var running = await LocalApp.StartAsync(storage.ConnectionString, cancellationToken: ct))
            using (var stop = new CancellationTokenSource())
            {
                var sampler = Task.Run(async () =>
                {
                    while (!stop.IsCancellationRequested)
                    {
                        process.Refresh();
                        peak = Math.Max(peak, process.WorkingSet64);
                        phasePeaks.AddOrUpdate(Volatile.Read(ref current), process.WorkingSet64, (_, p) => Math.Max(p, process.WorkingSet64));
                        try { await Task.Delay(20, stop.Token); } catch (OperationCanceledException) { break; }
                    }
                }, CancellationToken.None);
                var closes = running.Closes;
                await closes.StartAsync(Q, cancellationToken: ct);
                while (true)
                {
                    status = await closes.StatusAsync(Q, ct);
                    var phase = Phase(CloseClient.CustomStatus(status));
                    if (phase is not null && (phases.Count == 0 || phases[^1].Phase != phase))
                    {
                        phases.Add((phase, closeWatch.Elapsed));
                        Volatile.Write(ref current, phase);
                        Console.WriteLine($"   +{closeWatch.Elapsed.TotalSeconds,6:N1} s  {CloseClient.CustomStatus(status)}");
                    }

                    if (status is { RuntimeStatus: OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated }
                        || (CloseClient.CustomStatus(status)?.StartsWith("waiting for finance", StringComparison.Ordinal) ?? false))
                    {
                        break;
                    }

                    await Task.Delay(250, ct);
                }

                closeWatch.Stop();
                await stop.CancelAsync();
                await sampler;
            }

            process.Refresh();
            var cpu = process.TotalProcessorTime - cpuBefore;
            Console.WriteLine($"close {CloseClient.Describe(status)}");
            if (status?.RuntimeStatus != OrchestrationRuntimeStatus.Completed) return 1;

            Console.WriteLine($"close wall time: {closeWatch.Elapsed.TotalSeconds:N1} s (CPU user+sys of this process {cpu.TotalSeconds:N1} s; Azurite runs in its own process); load after: {LoadAverage()}");
            for (var i = 0; i < phases.Count - 1; i++)
                Console.WriteLine($"   {phases[i].Phase,-11} {(phases[i + 1].At - phases[i].At).TotalSeconds,7:N1} s   peak working set {phasePeaks.GetValueOrDefault(phases[i].Phase) / 1048576.0,6:N0} MB");
            Console.WriteLine($"peak working set during the close: {peak / 1048576.0:N0} MB (at start {startWorkingSet / 1048576.0:N0} MB); GC: {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}, {GC.CollectionCount(2)} gen2 collections");

            await using var check = await LocalApp.CreateAsync(storage.ConnectionString, cancellationToken: ct);
            var account = check.Get<StorageAccount>();
            var entry = await check.Get<ClosedQuarterLedger>().FindAsync(Q, ct);
            var (statementFiles, statementBytes) = await CountAsync(account, Names.Statements, $"{Q}/", ct);
            Console.WriteLine($"statements: {statementFiles:N0} files ({statementBytes / 1048576.0:N1} MiB, finance summary included); ledger: {entry?.Partners:N0} partners, total earned {entry?.TotalEarned:N2}, balance due {entry?.BalanceDue:N2}");

            // Baselines, same run, same Azurite.
            var manifest = await check.Get<CloseBlobStore>().ReadAsync<CloseManifest>(ClosePaths.Manifest(Q), ct);
            var (readTime, readRows) = await ReadLakeOnceAsync(account, manifest!, ct);
            Console.WriteLine($"baseline 1, read the quarter once: {manifest!.Files.Count:N0} lake files downloaded (16 at a time) + DuckDB sum per partner ({readRows:N0} rows): {readTime.TotalSeconds:N1} s");
            var writeTime = await WriteBlobsAsync(account, statementFiles, statementFiles == 0 ? 0 : (int)(statementBytes / statementFiles), ct);
            Console.WriteLine($"baseline 2, write {statementFiles:N0} statement-sized blobs ({(statementFiles == 0 ? 0 : statementBytes / statementFiles / 1024.0):N1} KiB each, 16 at a time): {writeTime.TotalSeconds:N1} s");
            return 0;
        }));
        return command;
    }

    private static string? Phase(string? customStatus) => customStatus switch
    {
        null => null,
        var s when s.StartsWith("freezing", StringComparison.Ordinal) => "freeze",
        var s when s.StartsWith("payouts", StringComparison.Ordinal) => "payouts",
        var s when s.StartsWith("anomaly", StringComparison.Ordinal) => "anomalies",
        var s when s.StartsWith("waiting", StringComparison.Ordinal) => "waiting",
        var s when s.StartsWith("statements", StringComparison.Ordinal) => "statements",
        var s when s.StartsWith("publishing", StringComparison.Ordinal) => "publish",
        var s when s.StartsWith("recording", StringComparison.Ordinal) => "ledger",
        var s => s.Split(' ')[0],
    };

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static async Task<(long Files, long Bytes)> CountAsync(StorageAccount storage, string container, string prefix, CancellationToken ct)
    {
        long files = 0, bytes = 0;
        await foreach (var item in storage.Container(container).GetBlobsAsync(global::Azure.Storage.Blobs.Models.BlobTraits.None, global::Azure.Storage.Blobs.Models.BlobStates.None, prefix, ct))
        {
            files++;
            bytes += item.Properties.ContentLength ?? 0;
        }

        return (files, bytes);
    }

    /// <summary>The least a close must do with the data: download every file of the manifest once and aggregate it.</summary>
    private static async Task<(TimeSpan Elapsed, long Rows)> ReadLakeOnceAsync(StorageAccount storage, CloseManifest manifest, CancellationToken ct)
    {
        var work = Directory.CreateTempSubdirectory("close-bench-").FullName;
        try
        {
            var watch = Stopwatch.StartNew();
            var lake = storage.Container(Names.Lake);
            await Parallel.ForEachAsync(manifest.Files, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (f, token) =>
            {
                var path = Path.Combine(work, f.Name);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await lake.GetBlobClient(f.Name).DownloadToAsync(path, token);
            });
            using var connection = new DuckDBConnection("Data Source=:memory:");
            connection.Open();
            using var command = connection.CreateCommand();
            var glob = Path.Combine(work, "deals", "*", "*.parquet").Replace('\\', '/');
            command.CommandText = $"SELECT count(*), CAST(sum(n) AS BIGINT) FROM (SELECT partner_id, count(*) AS n, sum(usd_net) AS revenue FROM read_parquet('{glob}') GROUP BY partner_id)";
            using var reader = command.ExecuteReader();
            reader.Read();
            var rows = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
            return (watch.Elapsed, rows);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<TimeSpan> WriteBlobsAsync(StorageAccount storage, long count, int size, CancellationToken ct)
    {
        var content = BinaryData.FromBytes(new byte[size]);
        var container = storage.Container("benchmark-baseline");
        await container.CreateIfNotExistsAsync(cancellationToken: ct);
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, (int)count), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (i, token) =>
            await container.GetBlobClient(string.Create(CultureInfo.InvariantCulture, $"s/{i:D6}")).UploadAsync(content, overwrite: true, token));
        return watch.Elapsed;
    }
}
