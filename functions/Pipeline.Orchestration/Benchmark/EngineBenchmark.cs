using System.Diagnostics;
using System.Globalization;
using Azure.Storage.Queues;
using Pipeline.Orchestration.Storage;

namespace Pipeline.Orchestration;

/// <summary>Throughput of the engine next to the raw queue it runs on, measured in the same run on the same account.</summary>
public sealed record BenchmarkResult(int Activities, TimeSpan EngineElapsed, int RawMessages, TimeSpan RawElapsed)
{
    public double EngineActivitiesPerSecond => Activities / EngineElapsed.TotalSeconds;
    public double RawRoundTripsPerSecond => RawMessages / RawElapsed.TotalSeconds;

    /// <summary>Engine activities per second / raw queue round trips per second (target ≥ 0.4).</summary>
    public double Ratio => EngineActivitiesPerSecond / RawRoundTripsPerSecond;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"engine: {Activities} activities in {EngineElapsed.TotalSeconds:F2} s = {EngineActivitiesPerSecond:F0}/s; " +
        $"raw queue round trip (send, receive, delete): {RawMessages} in {RawElapsed.TotalSeconds:F2} s = {RawRoundTripsPerSecond:F0}/s; " +
        $"ratio {Ratio:P0}");
}

/// <summary>
/// Fan-out/fan-in of no-op activities through the whole engine (work items, responses, history commits, status),
/// against the raw rate of the same queue service: each message sent, received (batches of 32) and deleted, with
/// the concurrency the worker uses (32 parallel sends, 2 receivers, parallel deletes).
/// </summary>
public static class EngineBenchmark
{
    private const int Parallelism = 32;

    public static async Task<BenchmarkResult> RunAsync(
        string connectionString, int activities = 5000, Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(activities, 1);
        var raw = await MeasureRawAsync(connectionString, activities, cancellationToken);
        var engine = await MeasureEngineAsync(connectionString, activities, loggerFactory, cancellationToken);
        return new BenchmarkResult(activities, engine, activities, raw);
    }

    private static async Task<TimeSpan> MeasureRawAsync(string connectionString, int count, CancellationToken cancellationToken)
    {
        var queue = new QueueClient(connectionString, "benchraw-" + Guid.NewGuid().ToString("N")[..8], new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var body = """{"kind":"TaskCompleted","instanceId":"bench","executionId":"0123456789abcdef0123456789abcdef","taskId":1234,"payload":null}""";
        var received = 0;
        var clock = Stopwatch.StartNew();
        var send = Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (_, ct) => await queue.SendMessageAsync(body, ct));
        var receivers = Enumerable.Range(0, 2).Select(async _ =>
        {
            while (Volatile.Read(ref received) < count)
            {
                var batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30), cancellationToken)).Value;
                if (batch.Length == 0)
                {
                    await Task.Delay(10, cancellationToken);
                    continue;
                }

                await Task.WhenAll(batch.Select(m => queue.DeleteMessageAsync(m.MessageId, m.PopReceipt, cancellationToken)));
                Interlocked.Add(ref received, batch.Length);
            }
        });
        await Task.WhenAll([send, .. receivers]);
        var elapsed = clock.Elapsed;
        await queue.DeleteAsync(cancellationToken);
        return elapsed;
    }

    private static async Task<TimeSpan> MeasureEngineAsync(string connectionString, int count, Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory, CancellationToken cancellationToken)
    {
        var registry = new OrchestrationRegistry()
            .AddActivity<int, int>("Noop", i => i)
            .AddOrchestrator("FanOut", async ctx =>
            {
                var n = ctx.GetInput<int>();
                var results = await Task.WhenAll(Enumerable.Range(0, n).Select(i => ctx.CallActivityAsync<int>("Noop", i)));
                return results.Length;
            });
        var storage = new OrchestrationStorage(connectionString, new OrchestrationOptions
        {
            HubName = "bench" + Guid.NewGuid().ToString("N")[..8], WaitDelay = TimeSpan.FromMilliseconds(200), ConflictDelay = TimeSpan.FromMilliseconds(50),
        });
        await storage.EnsureCreatedAsync(cancellationToken);
        var engine = new OrchestrationEngine(registry, storage, loggerFactory);
        using var worker = new OrchestrationWorker(engine, new OrchestrationWorkerOptions
        {
            MinPollInterval = TimeSpan.FromMilliseconds(10), MaxPollInterval = TimeSpan.FromMilliseconds(50), MaxConcurrentActivities = 64,
        });
        var client = new OrchestrationClient(storage) { PollInterval = TimeSpan.FromMilliseconds(20) };
        await worker.StartAsync(cancellationToken);
        try
        {
            var clock = Stopwatch.StartNew();
            await client.ScheduleNewAsync("FanOut", "bench", count, cancellationToken: cancellationToken);
            var status = await client.WaitForCompletionAsync("bench", cancellationToken);
            var elapsed = clock.Elapsed;
            if (status.RuntimeStatus != OrchestrationRuntimeStatus.Completed || status.ReadOutput<int>() != count)
            {
                throw new InvalidOperationException($"Benchmark orchestration ended {status.RuntimeStatus}: {status.Failure}");
            }

            return elapsed;
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }
}
