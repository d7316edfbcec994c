using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;

namespace Pipeline.Orchestration.CrashWorker;

/// <summary>
/// The orchestration the crash and scale-out tests run: rounds of parallel activities, each with a side effect in an
/// idempotent sink (insert-if-absent per activity: a re-executed activity finds its row and applies nothing).
/// Every execution attempt is also recorded, to show that re-executions did happen and were absorbed.
/// </summary>
public static class CrashWorkload
{
    public const string Orchestrator = "CrashJob";
    public const string HubName = "crashhub";
    public const string SinkTable = "CrashSink";
    public const string AttemptsTable = "CrashAttempts";
    public const string EpisodesTable = "CrashEpisodes";
    public const int RoundSize = 20;

    public static OrchestrationOptions Options { get; } = new()
    {
        HubName = HubName, ControlQueueCount = 4, WaitDelay = TimeSpan.FromMilliseconds(200), ConflictDelay = TimeSpan.FromMilliseconds(50), MaxWaits = 60,
    };

    public static void Register(OrchestrationRegistry registry, TableServiceClient tables)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var sink = tables.GetTableClient(SinkTable);
        var attempts = tables.GetTableClient(AttemptsTable);
        registry.AddActivity<int, string>("Effect", async (ctx, i, ct) =>
        {
            await attempts.AddEntityAsync(new TableEntity(ctx.InstanceId, $"{i:D4}-{Guid.NewGuid():N}"), ct);
            try
            {
                await sink.AddEntityAsync(new TableEntity(ctx.InstanceId, i.ToString("D4", CultureInfo.InvariantCulture)) { ["Value"] = Value(i) }, ct);
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // Already applied by an earlier execution of this activity: the effect happens once.
            }

            return Value(i);
        });
        registry.AddOrchestrator(Orchestrator, async ctx =>
        {
            var count = ctx.GetInput<int>();
            var results = new List<string>();
            for (var start = 0; start < count; start += RoundSize)
            {
                ctx.SetCustomStatus(new { done = start });
                var round = await Task.WhenAll(Enumerable.Range(start, Math.Min(RoundSize, count - start)).Select(i => ctx.CallActivityAsync<string>("Effect", i)));
                results.AddRange(round!);
            }

            return Digest(results!);
        });
    }

    public static string Value(int i) => $"v{i}:{(long)i * 7919 % 10007}";

    /// <summary>The output an uninterrupted run produces.</summary>
    public static string ExpectedOutput(int count) => Digest(Enumerable.Range(0, count).Select(Value));

    private static string Digest(IEnumerable<string> values) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('|', values))));

    public static async Task EnsureTablesAsync(TableServiceClient tables)
    {
        foreach (var name in new[] { SinkTable, AttemptsTable, EpisodesTable }) await tables.GetTableClient(name).CreateIfNotExistsAsync();
    }
}
