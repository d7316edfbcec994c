using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Domain;
using Pipeline.Domain.Payouts;
using Pipeline.Functions.Close;
using Pipeline.Azure;
using Pipeline.Close;
using Pipeline.Ingest;
using Pipeline.Terms;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Functions.Tests.Close;

/// <summary>Each quarter is closed, and recomputed, under its own terms: later fees and program versions reach only
/// the quarters they take effect in.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class TermsOverTimeTests(AzuriteFixture azurite)
{
    private static readonly Quarter Q1 = new(2026, 1);
    private static readonly Quarter Q2 = new(2026, 2);
    private static readonly Quarter Q3 = new(2026, 3);

    [Fact]
    public async Task A_raised_base_fee_pays_from_the_next_quarter_and_never_reopens_the_closed_one()
    {
        await using var h = await CloseHarness.StartAsync(azurite.NewConnectionString());
        await TestConfig.SeedAsync(h.Storage, "ag-1");
        await h.DropAsync(("ag-1/metrics/q1.csv", Metrics("2026-02-10")));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await h.CloseAsync(Q1)).RuntimeStatus);
        var q1 = await PartnerResultAsync(h, Q1);
        Assert.Equal(10_000m, q1.Line(RuleIds.Base));

        // Finance raises the agency's base fee; the agency drops its Q2 metrics.
        await SetBaseFeeAsync(h.Storage, "ag-1", 12_000m);
        await h.DropAsync(("ag-1/metrics/q2.csv", Metrics("2026-05-12")));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await h.CloseAsync(Q2)).RuntimeStatus);

        var q2 = await PartnerResultAsync(h, Q2);
        Assert.Equal(12_000m, q2.Line(RuleIds.Base));
        Assert.DoesNotContain(q2.Lines, l => l.RuleId == RuleIds.PriorPeriodAdjustment);
        Assert.Equal(q1.TotalEarned, (await PartnerResultAsync(h, Q1)).TotalEarned);
    }

    [Fact]
    public async Task A_program_version_governs_its_quarters_only_once_a_second_approver_approves_it()
    {
        await using var h = await CloseHarness.StartAsync(azurite.NewConnectionString());
        await TestConfig.SeedAsync(h.Storage, "r-1");
        var programs = h.App.Services.GetRequiredService<ProgramStore>();
        await h.DropAsync(("r-1/deals/q1.csv", Deals("A-1", "2026-02-04")), ("r-1/deals/q2.csv", Deals("B-1", "2026-05-04")));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await h.CloseAsync(Q1)).RuntimeStatus);
        var q1Statements = await h.SnapshotAsync(Names.Statements, $"{Q1}/");

        // 2026.3 pays 10% in the first band from 2026Q3; imported, not approved yet.
        var raised = Domain.Programs.ProgramDefinitions.ReadReferenceJson()
            .Replace("\"version\": \"2025.1\"", "\"version\": \"2026.3\"", StringComparison.Ordinal)
            .Replace("\"effectiveFrom\": \"2025Q1\"", "\"effectiveFrom\": \"2026Q3\"", StringComparison.Ordinal)
            .Replace("\"rate\": 0.08", "\"rate\": 0.10", StringComparison.Ordinal);
        var imported = await programs.ImportAsync(raised, "ana");
        Assert.False(imported.Approved);
        var self = await Assert.ThrowsAsync<ProgramConflictException>(() => programs.ApproveAsync("2026.3", "ana"));
        Assert.Contains("a second finance user approves it", self.Message, StringComparison.Ordinal);
        Assert.Equal("2025.1", (await programs.InForceAsync(Q3)).Version);

        // Q2 closes while 2026.3 waits: the built-in program.
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await h.CloseAsync(Q2)).RuntimeStatus);
        var q2 = await PartnerResultAsync(h, Q2);
        Assert.Equal(80m, q2.Line(RuleIds.Band));

        Assert.True((await programs.ApproveAsync("2026.3", "ben")).Approved);
        await h.DropAsync(("r-1/deals/q3.csv", Deals("C-1", "2026-08-04")), ("r-1/deals/q1-late.csv", Deals("A-2", "2026-03-04")));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await h.CloseAsync(Q3)).RuntimeStatus);
        var q3 = await PartnerResultAsync(h, Q3);
        Assert.Equal(100m, q3.Line(RuleIds.Band)); // 1,000 at 10%
        // The late Q1 deal is paid under Q1's terms (8%), and its line names it; Q2 is untouched.
        var late = Assert.Single(q3.Lines, l => l.RuleId == RuleIds.PriorPeriodAdjustment);
        Assert.Equal(80m, late.Amount);
        var manifest = await h.Blobs.ReadAsync<CloseManifest>(ClosePaths.Manifest(Q3));
        Assert.Equal("2026.3", manifest!.ProgramVersion);
        Assert.Equal("2025.1", (await h.Blobs.ReadAsync<CloseManifest>(ClosePaths.Manifest(Q2)))!.ProgramVersion);
        var reasons = (await h.Blobs.ReadAsync<BatchResults>(ClosePaths.Batch(Q3, 0)))!.Partners.Single().PriorPeriodReasons;
        Assert.Contains("deals added: A-2", reasons[Q1.ToString()], StringComparison.Ordinal);
        Assert.Equal(q1Statements, await h.SnapshotAsync(Names.Statements, $"{Q1}/"));

        // A version cannot take effect in a closed quarter, and an invalid file replaces nothing.
        var closed = await Assert.ThrowsAsync<ProgramConflictException>(() => programs.ImportAsync(
            raised.Replace("\"2026.3\"", "\"2026.2b\"", StringComparison.Ordinal).Replace("\"2026Q3\"", "\"2026Q2\"", StringComparison.Ordinal), "ana"));
        Assert.Contains("quarters up to 2026Q3 are closed", closed.Message, StringComparison.Ordinal);
        var invalid = await Assert.ThrowsAsync<Domain.Programs.ProgramDefinitionException>(() => programs.ImportAsync(
            raised.Replace("\"2026.3\"", "\"2027.1\"", StringComparison.Ordinal).Replace("\"rate\": 0.10", "\"rate\": 1.5", StringComparison.Ordinal), "ana"));
        Assert.Contains("rate", invalid.Message, StringComparison.Ordinal);
        Assert.Equal(["2025.1", "2026.3"], (await programs.ListAsync()).Select(v => v.Version));
    }

    [Fact]
    public async Task A_registry_change_effective_next_quarter_leaves_the_quarter_still_open_on_the_old_terms()
    {
        await using var h = await CloseHarness.StartAsync(azurite.NewConnectionString());
        await TestConfig.SeedAsync(h.Storage, "ag-1");
        var terms = h.App.Services.GetRequiredService<PartnerTermsStore>();
        var registry = (await h.Storage.Container(Names.Config).GetBlobClient("partners.csv").DownloadContentAsync()).Value.Content.ToString();
        var first = await terms.ImportAsync(System.Text.Encoding.UTF8.GetBytes(registry), "ana", null);
        await h.DropAsync(("ag-1/metrics/q2.csv", Metrics("2026-05-12")), ("ag-1/metrics/q3.csv", Metrics("2026-08-12")));

        // Before Q2 closes, finance sets the fee for Q3 on.
        var raised = await terms.ImportAsync(System.Text.Encoding.UTF8.GetBytes(registry.Replace("10000.00", "12000.00", StringComparison.Ordinal)), "ana", Q3);
        Assert.Equal(Q3, raised.EffectiveFrom);
        Assert.Contains("12000.00", (await h.Storage.Container(Names.Config).GetBlobClient("partners.csv").DownloadContentAsync()).Value.Content.ToString(), StringComparison.Ordinal);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await h.CloseAsync(Q2)).RuntimeStatus);
        Assert.Equal(10_000m, (await PartnerResultAsync(h, Q2)).Line(RuleIds.Base));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await h.CloseAsync(Q3)).RuntimeStatus);
        var q3 = await PartnerResultAsync(h, Q3);
        Assert.Equal(12_000m, q3.Line(RuleIds.Base));
        Assert.DoesNotContain(q3.Lines, l => l.RuleId == RuleIds.PriorPeriodAdjustment);

        // Closed quarters keep their terms: a change can take effect from the first open quarter only (the default).
        var late = await Assert.ThrowsAsync<InvalidOperationException>(() => terms.ImportAsync(System.Text.Encoding.UTF8.GetBytes(registry), "ana", Q3));
        Assert.Contains("a registry change can take effect from 2026Q4 on", late.Message, StringComparison.Ordinal);
        Assert.Equal(new Quarter(2026, 4), (await terms.ImportAsync(System.Text.Encoding.UTF8.GetBytes(registry), "ana", null)).EffectiveFrom);
        Assert.Equal([first.Name, raised.Name], (await terms.ImportsAsync()).Take(2).Select(v => v.Name));
    }

    [Fact]
    public async Task A_quarter_closes_only_after_its_cut_off_and_the_close_waits_for_drops_still_being_ingested()
    {
        // Drops are announced only when the test says so: a drop that landed is then "being ingested" until it does.
        await using var h = await CloseHarness.StartAsync(azurite.NewConnectionString(), new Dictionary<string, string?> { ["Pipeline:Host:DropScanInterval"] = "01:00:00" });
        await TestConfig.SeedAsync(h.Storage, "ag-1");
        var programs = h.App.Services.GetRequiredService<ProgramStore>();

        // The reference program keeps 2026Q3 open for drops until 2026-10-05.
        var early = new CloseClient(h.Durable, programs, null, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 10, 5, 23, 0, 0, TimeSpan.Zero)));
        var refused = await Assert.ThrowsAsync<CloseConflictException>(() => early.StartAsync(Q3));
        Assert.Equal("The quarter 2026Q3 ended on 2026-09-30; drops count for it until its cut-off on 2026-10-05: it can be closed from 2026-10-06.", refused.Message);
        Assert.Null(await h.Closes.StatusAsync(Q3));

        // A metrics file lands; the close starts before it is ingested, waits for it, and pays on it.
        await Task.Delay(500);
        await h.Storage.Container(Names.Drops).GetBlobClient("ag-1/metrics/q3.csv").UploadAsync(BinaryData.FromString(Metrics("2026-09-28")));
        await h.Closes.StartAsync(Q3, new CloseRequest(Q3.ToString(), DropPoll: TimeSpan.FromMilliseconds(200)));
        var waiting = await Eventually.GetAsync(() => h.Closes.StatusAsync(Q3), s => s?.SerializedCustomStatus?.Contains("waiting for 1 drop(s)", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(30));
        Assert.Contains("ag-1/metrics/q3.csv", waiting!.SerializedCustomStatus, StringComparison.Ordinal);
        Assert.Null(await h.Blobs.ReadAsync<CloseManifest>(ClosePaths.Manifest(Q3)));

        await h.App.ProcessPendingAsync();
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await h.SettledAsync(Q3)).RuntimeStatus);
        var q3 = await PartnerResultAsync(h, Q3);
        Assert.Equal(10_000m, q3.Line(RuleIds.Base));
        var findings = await h.Blobs.ReadAsync<List<Domain.Anomalies.AnomalyFinding>>(ClosePaths.Anomalies(Q3));
        Assert.DoesNotContain(findings!, f => f.Check == "missing_data");
    }

    private static async Task<PayoutResult> PartnerResultAsync(CloseHarness h, Quarter quarter) =>
        (await h.Blobs.ReadAsync<BatchResults>(ClosePaths.Batch(quarter, 0)))!.Partners.Single().Result;

    private static async Task SetBaseFeeAsync(StorageAccount storage, string partnerId, decimal fee)
    {
        var blob = storage.Container(Names.Config).GetBlobClient("partners.csv");
        var csv = (await blob.DownloadContentAsync()).Value.Content.ToString()
            .Replace($"{partnerId},Agency {partnerId},agency,10000.00", $"{partnerId},Agency {partnerId},agency,{fee:0.00}", StringComparison.Ordinal);
        await blob.UploadAsync(BinaryData.FromString(csv), overwrite: true);
    }

    private static string Metrics(string date) =>
        $"date,metric,value\n{date},engagement_rate,0.30\n{date},conversion_rate,0.03\n{date},on_time_rate,0.95\n{date},response_hours,12\n";

    private static string Deals(string id, string date) =>
        TestConfig.DealsHeader + "\n" + $"{id},{date},C-1,Suite,1,1100.00,1000.00,USD,won,\n";
}

internal static class ResultLines
{
    public static decimal Line(this PayoutResult result, string ruleId) => result.Lines.Where(l => l.RuleId == ruleId).Sum(l => l.Amount);
}
