using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Domain;
using Pipeline.Functions.Close;
using Microsoft.DurableTask.Client;
using Pipeline.Azure;
using Pipeline.Close;
using Pipeline.Dev.CrossChecks;
using Pipeline.Ingest;
using Pipeline.Testing;
using Pipeline.LocalHost;
using Xunit;
using Xunit.Abstractions;

namespace Pipeline.Functions.Tests.Close;

/// <summary>
/// A close of 500 partners while the function app, as its own OS process, is SIGKILLed at least ten times and restarted, the kills
/// spread over the close's phases: it completes with one statement per partner, byte-identical statements, lake tables and
/// ledger to an uninterrupted close of the same data, and nobody recorded (paid) twice.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class CloseCrashTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static readonly Quarter Q4 = new(2025, 4);
    private const int Partners = 500;
    private const int Deals = 20_000;
    private const int Kills = 12;

    /// <summary>The phases in order, and where each kill aims (more at the long ones). A phase is read from what the close
    /// has written so far (<see cref="PhaseAsync"/>), which tells the short phases apart better than the custom status.</summary>
    private static readonly string[] Phases = ["freezing", "payouts", "checks", "statements", "publishing", "recording"];
    private static readonly string[] Targets = ["freezing", "freezing", "payouts", "payouts", "checks", "checks", "statements", "statements", "statements", "publishing", "recording", "recording"];

    [Fact]
    public async Task A_close_of_500_partners_with_the_host_killed_10_times_across_its_phases_equals_an_uninterrupted_close()
    {
        var clock = Stopwatch.StartNew();
        var reference = azurite.NewConnectionString();
        var crashed = azurite.NewConnectionString();
        var generated = new GeneratedCloseQuarter(Q4, Partners, Deals);

        // Seeded once per account, at the same time, with the receiver's steps run file-level (raw archive, lake files,
        // feedback, audit ledger, receipts: GeneratedQuarterSeedTests shows they equal DropReceiver's); 500 drops through
        // ReceiveDrop would take minutes per account.
        await using (var r = await TestApp.StartAsync(reference, triggers: false))
        await using (var c = await TestApp.StartAsync(crashed, triggers: false))
        {
            await Task.WhenAll(SeedAsync(generated, r), SeedAsync(generated, c));
        }

        output.WriteLine($"seeded {Partners} partners ({Deals:N0} deals) into two accounts in {clock.Elapsed.TotalSeconds:0.0} s");
        await using (var r = await CloseHarness.StartAsync(reference))
        {
            var started = clock.Elapsed;
            var done = await r.CloseAsync(Q4, timeout: TimeSpan.FromSeconds(240));
            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
            Assert.Equal("closed", done.ReadCustomStatusAs<string>());
            output.WriteLine($"reference close took {(clock.Elapsed - started).TotalSeconds:0.0} s");
        }

        // A client only (no triggers, no worker): the OS process does all the work.
        await using var client = await TestApp.StartAsync(crashed, triggers: false);
        var closes = client.Closes;
        var random = new Random(20261123);
        var host = HostProcess.Start(crashed);
        var kills = new List<(string Phase, string Line)>();
        try
        {
            await closes.StartAsync(Q4);
            var closeStarted = clock.Elapsed;
            for (var i = 0; i < Kills; i++)
            {
                // Wait for the kill's phase (or any later one), then a random moment into it: at once for the short phases
                // and when the close already moved past the aim, later into the long ones (a second kill in the phase the
                // last one hit lets the restarted host resume the work first, after the 10 s visibility timeout).
                var target = Array.IndexOf(Phases, Targets[i]);
                var deadline = DateTime.UtcNow.AddSeconds(120);
                int phaseNow;
                while ((phaseNow = await PhaseAsync(client.Storage)) < target && DateTime.UtcNow < deadline) await Task.Delay(20);
                if (phaseNow == Phases.Length) break;
                var again = kills.Count > 0 && kills[^1].Phase == Phases[Math.Min(phaseNow, Phases.Length - 1)];
                var brief = phaseNow > target || Targets[i] is "payouts" or "checks" or "publishing" or "recording";
                if (!brief) await Task.Delay(again ? random.Next(800, 2500) : random.Next(100, 600));
                var before = await PhaseAsync(client.Storage);
                if (before == Phases.Length) break;
                host.Kill(entireProcessTree: true); // SIGKILL: no shutdown, messages in flight stay hidden
                await host.WaitForExitAsync();
                host.Dispose();
                kills.Add((Phases[before], $"kill {i + 1} (aimed at {Targets[i]}) at +{(clock.Elapsed - closeStarted).TotalSeconds:0.0} s, during {Phases[before]}"));
                output.WriteLine(kills[^1].Line);
                host = HostProcess.Start(crashed);
            }

            var settled = await Eventually.GetAsync(
                () => closes.StatusAsync(Q4),
                s => s is { RuntimeStatus: OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed }
                     || CloseClient.Waiting(s) is not null,
                TimeSpan.FromSeconds(240));
            output.WriteLine($"{kills.Count} kills during the close; it settled at +{(clock.Elapsed - closeStarted).TotalSeconds:0.0} s as {settled?.RuntimeStatus} '{settled?.ReadCustomStatusAs<string>()}'");
            Assert.True(settled?.RuntimeStatus == OrchestrationRuntimeStatus.Completed,
                $"close {settled?.RuntimeStatus} '{settled?.ReadCustomStatusAs<string>()}' {settled?.FailureDetails?.ErrorMessage}; host output: {string.Join(" | ", HostProcess.Output.TakeLast(20))}");
            Assert.Equal("closed", settled!.ReadCustomStatusAs<string>());
        }
        finally
        {
            host.Kill(entireProcessTree: true);
            await host.WaitForExitAsync();
            host.Dispose();
        }

        await using var check = await TestApp.StartAsync(reference, triggers: false);
        var expected = await BlobSnapshot.TakeAsync(check.Storage, Names.Statements);
        var actual = await BlobSnapshot.TakeAsync(client.Storage, Names.Statements);
        foreach (var p in Enumerable.Range(0, Partners).Select(GeneratedCloseQuarter.PartnerId))
        {
            // exactly one statement per partner: a PDF and a CSV, nothing else
            var files = actual.Keys.Where(k => k.StartsWith($"{Q4}/{p}/", StringComparison.Ordinal)).ToList();
            Assert.Equal([$"{Q4}/{p}/lines.csv", $"{Q4}/{p}/statement.pdf"], files);
        }

        Assert.Equal(2 * Partners + 2, actual.Count); // plus the finance summary (PDF, CSV)
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (name, bytes) in expected) Assert.True(bytes.AsSpan().SequenceEqual(actual[name]), $"statements/{name} differs");
        foreach (var table in new[] { "payouts/", "payout_lines/", "anomalies/", "decisions/" })
        {
            var e = await BlobSnapshot.TakeAsync(check.Storage, Names.Lake, table);
            var a = await BlobSnapshot.TakeAsync(client.Storage, Names.Lake, table);
            Assert.Equal(e.Keys, a.Keys);
            foreach (var (name, bytes) in e) Assert.True(bytes.AsSpan().SequenceEqual(a[name]), $"lake/{name} differs");
        }

        Assert.NotEmpty(await BlobSnapshot.TakeAsync(client.Storage, Names.Lake, "payouts/"));
        var ledger = await new ClosedQuarterLedger(client.Storage).AllAsync();
        var entry = Assert.Single(ledger);
        Assert.Equal(Q4.ToString(), entry.Quarter);
        Assert.Equal(Partners, entry.Partners);
        Assert.Equal(Assert.Single(await new ClosedQuarterLedger(check.Storage).AllAsync()) with { ManifestHash = "" }, entry with { ManifestHash = "" });

        // Nothing paid twice: one ledger row per partner and quarter, each identical to the uninterrupted close's.
        var paid = await LedgerRowsAsync(client.Storage);
        Assert.Equal(Partners, paid.Count);
        Assert.All(paid.Keys, k => Assert.Equal(Q4.ToString(), k.Quarter));
        Assert.Equal(await LedgerRowsAsync(check.Storage), paid);

        // Kills land before completion and across phases (checked last, so a failure above shows first).
        var phases = kills.Select(k => k.Phase).Distinct().ToList();
        output.WriteLine($"phases hit: {string.Join(", ", kills.GroupBy(k => k.Phase).Select(g => $"{g.Key} x{g.Count()}"))}; total {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(kills.Count >= 10, $"only {kills.Count} kill(s) landed before the close completed");
        Assert.Equal(Phases, Phases.Where(phases.Contains));
    }

    /// <summary>
    /// The index in <see cref="Phases"/> of what the close is doing, from its outputs so far: freezing until the holds are
    /// written, payouts until every batch has results, checks until anomalies.json exists, statements until every
    /// partner has both files, publishing until the finance summary exists, recording until the ledger has the quarter
    /// (then <see cref="Phases"/>.Length: closed).
    /// </summary>
    private static async Task<int> PhaseAsync(StorageAccount storage)
    {
        if (await new ClosedQuarterLedger(storage).FindAsync(Q4) is not null) return Phases.Length;
        var working = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var blob in storage.Container(Names.Closes).GetBlobsAsync(global::Azure.Storage.Blobs.Models.BlobTraits.None, global::Azure.Storage.Blobs.Models.BlobStates.None, $"{Q4}/", default)) working.Add(blob.Name);
        if (!working.Contains(ClosePaths.Holds(Q4))) return 0;
        if (working.Count(n => n.StartsWith($"{Q4}/results/", StringComparison.Ordinal)) < Partners / 100) return 1;
        if (!working.Contains(ClosePaths.Anomalies(Q4))) return 2;
        var statements = 0;
        var summary = false;
        await foreach (var blob in storage.Container(Names.Statements).GetBlobsAsync(global::Azure.Storage.Blobs.Models.BlobTraits.None, global::Azure.Storage.Blobs.Models.BlobStates.None, $"{Q4}/", default))
        {
            if (blob.Name == Pipeline.Domain.Statements.StatementPaths.FinanceSummaryPdf(Q4)) summary = true;
            else if (blob.Name.EndsWith("/statement.pdf", StringComparison.Ordinal) || blob.Name.EndsWith("/lines.csv", StringComparison.Ordinal)) statements++;
        }

        return statements < 2 * Partners ? 3 : summary ? 5 : 4;
    }

    private static async Task SeedAsync(GeneratedCloseQuarter generated, LocalApp app) =>
        await generated.SeedAsync(app.Storage, app.Services.GetRequiredService<AuditLedger>(), app.Services.GetRequiredService<DropReceiver>(), CloseSeedPath.FileLevel, parallelism: 16);

    /// <summary>Every ClosedPayouts row: (partner, quarter) → its stored properties (the record, as JSON or gzipped chunks).</summary>
    private static async Task<SortedDictionary<(string Partner, string Quarter), string>> LedgerRowsAsync(StorageAccount storage)
    {
        var rows = new SortedDictionary<(string, string), string>();
        await foreach (var row in storage.Table(Names.ClosedPayoutsTable).QueryAsync<global::Azure.Data.Tables.TableEntity>())
        {
            var properties = row.Keys.Where(k => k is not ("odata.etag" or "Timestamp" or "PartitionKey" or "RowKey")).Order(StringComparer.Ordinal)
                .Select(k => $"{k}={(row[k] is byte[] b ? Convert.ToBase64String(b) : Convert.ToString(row[k], CultureInfo.InvariantCulture))}");
            Assert.True(rows.TryAdd((row.PartitionKey, row.RowKey), string.Join("\n", properties)), $"ledger row {row.PartitionKey}/{row.RowKey} twice");
        }

        return rows;
    }
}
