using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Domain;
using Pipeline.Domain.Samples;
using Pipeline.Functions.Close;
using Pipeline.Orchestration;
using Pipeline.Storage;
using Pipeline.Storage.Close;
using Pipeline.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Pipeline.Functions.Tests.Close;

/// <summary>
/// A close of 150 partners while the function app, as its own OS process, is SIGKILLed at random moments and restarted:
/// it completes with one statement per partner, byte-identical to an uninterrupted close of the same data.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class CloseCrashTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static readonly Quarter Q4 = new(2025, 4);
    private const int Partners = 150; // 500 drops through ReceiveDrop take ~3 min per account on 2 cores
    private const int Kills = 10;

    [Fact]
    public async Task A_close_of_150_partners_with_the_host_killed_10_times_equals_an_uninterrupted_close()
    {
        var clock = Stopwatch.StartNew();
        var reference = azurite.NewConnectionString();
        var crashed = azurite.NewConnectionString();

        // The same drops go into both accounts through the normal ReceiveDrop path (in parallel, in-process).
        await using (var r = await CloseHarness.StartAsync(reference))
        await using (var c = await CloseHarness.StartAsync(crashed))
        {
            await Task.WhenAll(IngestAsync(r), IngestAsync(c));
            output.WriteLine($"ingested {Partners} partners into two accounts in {clock.Elapsed.TotalSeconds:0.0} s");

            var started = clock.Elapsed;
            var done = await r.CloseAsync(Q4, timeout: TimeSpan.FromSeconds(120));
            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
            Assert.Equal("closed", done.ReadCustomStatus<string>());
            output.WriteLine($"reference close took {(clock.Elapsed - started).TotalSeconds:0.0} s");
        }

        // A client only (no triggers, no worker): the OS process does all the work.
        await using var client = await TestApp.StartAsync(crashed, underFunctionsHost: true);
        var closes = client.Services.GetRequiredService<CloseClient>();
        var random = new Random(20261123);
        var host = HostProcess.Start(crashed);
        var kills = new List<string>();
        try
        {
            await closes.StartAsync(Q4);
            var closeStarted = clock.Elapsed;
            // The first kill only once the host has picked the close up (a cold start takes a second or two).
            await Eventually.GetAsync(() => closes.StatusAsync(Q4), s => s?.ReadCustomStatus<string>() is not null, TimeSpan.FromSeconds(60));
            for (var i = 0; i < Kills; i++)
            {
                // Random moments: some kills land during the restarted host's start-up, most while it works on the close.
                await Task.Delay(random.Next(i == 0 ? 200 : 500, 2200));
                var before = await closes.StatusAsync(Q4);
                if (before?.RuntimeStatus == OrchestrationRuntimeStatus.Completed) break;
                host.Kill(entireProcessTree: true); // SIGKILL: no shutdown, messages in flight stay hidden
                await host.WaitForExitAsync();
                host.Dispose();
                kills.Add($"kill {i + 1} at +{(clock.Elapsed - closeStarted).TotalSeconds:0.0} s, close was '{before?.ReadCustomStatus<string>() ?? before?.RuntimeStatus.ToString() ?? "not yet visible"}'");
                output.WriteLine(kills[^1]);
                host = HostProcess.Start(crashed);
            }

            var status = await Eventually.GetAsync(
                () => closes.StatusAsync(Q4),
                s => s is { RuntimeStatus: OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed }
                     || (s?.ReadCustomStatus<string>()?.StartsWith("waiting for finance", StringComparison.Ordinal) ?? false),
                TimeSpan.FromSeconds(150));
            output.WriteLine($"{kills.Count} kills during the close; it settled at +{(clock.Elapsed - closeStarted).TotalSeconds:0.0} s as {status?.RuntimeStatus} '{status?.ReadCustomStatus<string>()}'");
            Assert.True(status?.RuntimeStatus == OrchestrationRuntimeStatus.Completed,
                $"close {status?.RuntimeStatus} '{status?.ReadCustomStatus<string>()}' {status?.Failure}; host output: {string.Join(" | ", HostProcess.Output.TakeLast(20))}");
            Assert.Equal("closed", status!.ReadCustomStatus<string>());
        }
        finally
        {
            host.Kill(entireProcessTree: true);
            await host.WaitForExitAsync();
            host.Dispose();
        }

        await using var check = await TestApp.StartAsync(reference, underFunctionsHost: true);
        var expected = await SnapshotAsync(check.Storage, Names.Statements);
        var actual = await SnapshotAsync(client.Storage, Names.Statements);
        foreach (var p in PartnerIds())
        {
            Assert.Single(actual.Keys, k => k.StartsWith($"{Q4}/", StringComparison.Ordinal) && k.Contains($"/{p}/", StringComparison.Ordinal) && k.EndsWith("/statement.pdf", StringComparison.Ordinal));
            Assert.Single(actual.Keys, k => k.StartsWith($"{Q4}/", StringComparison.Ordinal) && k.Contains($"/{p}/", StringComparison.Ordinal) && k.EndsWith("/lines.csv", StringComparison.Ordinal));
        }

        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (name, bytes) in expected) Assert.True(bytes.AsSpan().SequenceEqual(actual[name]), $"statements/{name} differs");
        foreach (var table in new[] { "payouts/", "payout_lines/", "anomalies/", "decisions/" })
        {
            var e = await SnapshotAsync(check.Storage, Names.Lake, table);
            var a = await SnapshotAsync(client.Storage, Names.Lake, table);
            Assert.Equal(e.Keys, a.Keys);
            foreach (var (name, bytes) in e) Assert.True(bytes.AsSpan().SequenceEqual(a[name]), $"lake/{name} differs");
        }

        Assert.NotEmpty(await SnapshotAsync(client.Storage, Names.Lake, "payouts/"));
        var ledger = await new ClosedQuarterLedger(client.Storage).AllAsync();
        var entry = Assert.Single(ledger);
        Assert.Equal(Q4.ToString(), entry.Quarter);
        Assert.Equal(Partners, entry.Partners);
        Assert.Equal(Assert.Single(await new ClosedQuarterLedger(check.Storage).AllAsync()) with { ManifestHash = "" }, entry with { ManifestHash = "" });
        // Ten kills are attempted; each restart stalls the close (visibility timeout + cold start) longer than the gap
        // between kills, so all ten normally land. A very fast machine may finish first: half of them is the floor.
        Assert.True(kills.Count >= Kills / 2, $"only {kills.Count} kill(s) landed before the close completed");
        output.WriteLine($"total {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private static IEnumerable<string> PartnerIds() => Enumerable.Range(0, Partners).Select(i => $"p{i:D3}");

    private static bool IsAgency(int i) => i % 3 != 0;

    /// <summary>Active partners: two thirds agencies with a metrics drop, a third resellers with a deals drop
    /// (unique deal ids), every one with data in the quarter, so no high-severity hold stops the close.</summary>
    private static async Task IngestAsync(CloseHarness h)
    {
        var registry = new StringBuilder("partner_id,name,type,base_fee,quarterly_target,joined,status\r\n");
        var drops = new List<(string, string)>();
        for (var i = 0; i < Partners; i++)
        {
            var id = $"p{i:D3}";
            var random = new Random(i);
            registry.Append(CultureInfo.InvariantCulture,
                $"{id},Partner {i:D3},{(IsAgency(i) ? "agency" : "reseller")},{(IsAgency(i) ? 10_000m + i * 10 : 0m):0.00},{(IsAgency(i) ? 0m : 100_000m + i * 100):0.00},2024-01-01,active\r\n");
            var csv = new StringBuilder();
            if (IsAgency(i))
            {
                csv.Append("date,metric,value\r\n");
                for (var week = 0; week < 4; week++)
                {
                    var date = Q4.Start.AddDays(21 * week).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                    csv.Append(CultureInfo.InvariantCulture, $"{date},engagement_rate,{0.15 + 0.15 * random.NextDouble():0.0000}\r\n");
                    csv.Append(CultureInfo.InvariantCulture, $"{date},conversion_rate,{0.01 + 0.02 * random.NextDouble():0.0000}\r\n");
                    csv.Append(CultureInfo.InvariantCulture, $"{date},on_time_rate,{0.8 + 0.2 * random.NextDouble():0.0000}\r\n");
                    csv.Append(CultureInfo.InvariantCulture, $"{date},response_hours,{8 + 20 * random.NextDouble():0.0}\r\n");
                }

                drops.Add(($"{id}/metrics/{Q4}.csv", csv.ToString()));
            }
            else
            {
                csv.Append("deal_id,close_date,customer_id,product,quantity,list_amount,net_amount,currency,status,refund_date\r\n");
                for (var d = 1; d <= 6; d++)
                {
                    var close = Q4.Start.AddDays(random.Next(80)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                    var list = Math.Round(2_000m + (decimal)random.NextDouble() * 10_000m, 2);
                    var net = Math.Round(list * 0.9m, 2, MidpointRounding.AwayFromZero);
                    csv.Append(CultureInfo.InvariantCulture, $"{id.ToUpperInvariant()}-{d:D3},{close},C-{d:D3},Data Gateway,1,{list:0.00},{net:0.00},USD,won,\r\n");
                }

                drops.Add(($"{id}/deals/{Q4}.csv", csv.ToString()));
            }
        }

        var config = h.Storage.Container(Names.Config);
        await config.GetBlobClient("partners.csv").UploadAsync(BinaryData.FromString(registry.ToString()), overwrite: true);
        await config.GetBlobClient("fx/2025.csv").UploadAsync(BinaryData.FromString(new SampleDataGenerator().FxCsv(2025)), overwrite: true);
        var before = await h.AuditCountAsync();
        await Parallel.ForEachAsync(drops, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (d, ct) =>
            await h.Storage.Container(Names.Drops).GetBlobClient(d.Item1).UploadAsync(BinaryData.FromString(d.Item2), overwrite: true, ct));
        var count = await Eventually.GetAsync(h.AuditCountAsync, n => n >= before + drops.Count, TimeSpan.FromSeconds(120));
        if (count < before + drops.Count) throw new TimeoutException($"Only {count - before} of {drops.Count} drops were recorded.");
    }

    private static async Task<SortedDictionary<string, byte[]>> SnapshotAsync(StorageAccount storage, string container, string? prefix = null)
    {
        var result = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        var client = storage.Container(container);
        await foreach (var item in client.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix, default))
            result[item.Name] = (await client.GetBlobClient(item.Name).DownloadContentAsync()).Value.Content.ToArray();
        return result;
    }
}
