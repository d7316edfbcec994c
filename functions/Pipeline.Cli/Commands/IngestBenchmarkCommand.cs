using System.CommandLine;
using System.Diagnostics;
using DuckDB.NET.Data;
using Pipeline.Storage;
using Pipeline.Storage.Audit;
using Pipeline.Storage.Drops;
using Pipeline.Storage.Ingest;

namespace Pipeline.Cli.Commands;

/// <summary>
/// <c>benchmark ingest</c>: a generated deals CSV ingested end to end through the app on a temporary Azurite
/// (upload, BlobCreated event, ReceiveDrop: archive, normalise, Parquet), next to DuckDB converting the same file
/// to Parquet with typed columns, in the same run.
/// </summary>
public static class IngestBenchmarkCommand
{
    public static Command Create()
    {
        var rows = new Option<int>("--rows") { Description = "Rows of the generated deals file.", DefaultValueFactory = _ => 1_000_000 };
        var command = new Command("ingest", "Ingest an N-row deals CSV end to end (Azurite included); print rows/s and peak memory next to DuckDB converting the same file to Parquet (targets: at most 3x DuckDB's time, peak memory at most 300 MB).") { rows };
        command.SetAction(CliAction.Run(async (parse, ct) =>
        {
            var n = parse.GetValue(rows);
            var work = Directory.CreateTempSubdirectory("ingest-bench-").FullName;
            try
            {
                var csv = Path.Combine(work, "deals.csv");
                IngestBenchmark.GenerateDealsCsv(csv, n);
                var bytes = new FileInfo(csv).Length;
                Console.WriteLine($"generated {n:N0} rows, {bytes / 1048576.0:N1} MiB");

                var duck = DuckDbConvert(csv, Path.Combine(work, "duck.parquet"));
                Console.WriteLine($"DuckDB read_csv -> Parquet : {duck.TotalSeconds,7:N2} s  {n / duck.TotalSeconds,12:N0} rows/s");

                await using var storage = await CliStorage.EphemeralAsync(ct);
                await using var app = await AppServices.CreateAsync(storage.ConnectionString, cancellationToken: ct);
                var account = app.Get<StorageAccount>();
                var sample = new Pipeline.Domain.Samples.SampleDataGenerator();
                await account.Container(Names.Config).GetBlobClient("partners.csv").UploadAsync(
                    BinaryData.FromString("partner_id,name,type,base_fee,quarterly_target,joined,status\nbench-partner,Bench,reseller,0,1000000,2024-01-01,active\n"), overwrite: true, ct);
                await account.Container(Names.Config).GetBlobClient("fx/2026.csv").UploadAsync(BinaryData.FromString(sample.FxCsv(2026)), overwrite: true, ct);
                await account.Container(Names.Config).GetBlobClient("fx/2025.csv").UploadAsync(BinaryData.FromString(sample.FxCsv(2025)), overwrite: true, ct);

                using var process = Process.GetCurrentProcess();
                var before = process.PeakWorkingSet64;
                var watch = Stopwatch.StartNew();
                await using (var file = File.OpenRead(csv))
                {
                    await account.Container(Names.Drops).GetBlobClient("bench-partner/deals/bench.csv").UploadAsync(file, overwrite: true, ct);
                }

                await app.ProcessPendingAsync(ct);
                watch.Stop();
                process.Refresh();
                var record = await app.Get<AuditLedger>().ReadAsync("bench-partner", ct);
                var drop = record.Single();
                Console.WriteLine($"pipeline end to end       : {watch.Elapsed.TotalSeconds,7:N2} s  {n / watch.Elapsed.TotalSeconds,12:N0} rows/s  ({drop.Outcome}: {drop.RowsAccepted:N0} accepted, {drop.RowsRejected:N0} rejected; upload + archive + ingest)");
                Console.WriteLine($"ratio pipeline / DuckDB   : {watch.Elapsed / duck,7:N2}x   (target <= 3x)");
                Console.WriteLine($"peak working set (process): {process.PeakWorkingSet64 / 1048576.0,7:N0} MB (before: {before / 1048576.0:N0} MB; Azurite runs in its own process)");

                var local = await IngestBenchmark.RunAsync(csv, Path.Combine(work, "lake"), sample.FxTable(), cancellationToken: ct);
                Console.WriteLine($"file-level ingest (no I/O to storage): {local.Elapsed.TotalSeconds:N2} s, {local.RowsPerSecond:N0} rows/s, peak working set {local.PeakWorkingSetBytes / 1048576.0:N0} MB, managed {local.PeakManagedBytes / 1048576.0:N0} MB");
                return 0;
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        }));
        return command;
    }

    /// <summary>DuckDB's own CSV reader and Parquet writer on the same file, with typed columns (no type sniffing).</summary>
    private static TimeSpan DuckDbConvert(string csv, string parquet)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            COPY (SELECT * FROM read_csv('{csv}', header = true, columns = {"{"}
                'deal_id': 'VARCHAR', 'close_date': 'DATE', 'customer_id': 'VARCHAR', 'product': 'VARCHAR', 'quantity': 'INTEGER',
                'list_amount': 'DECIMAL(18,2)', 'net_amount': 'DECIMAL(18,2)', 'currency': 'VARCHAR', 'status': 'VARCHAR', 'refund_date': 'DATE'{"}"}))
            TO '{parquet}' (FORMAT PARQUET)
            """;
        var watch = Stopwatch.StartNew();
        command.ExecuteNonQuery();
        return watch.Elapsed;
    }
}
