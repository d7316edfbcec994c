using System.Diagnostics;
using System.Globalization;
using Azure.Storage.Queues;
using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.LocalHost;
using Pipeline.LocalHost.Durable;
using Pipeline.Azure;

namespace Pipeline.Benchmarks;

/// <summary>Throughput of the Durable Task Framework next to the raw queue it runs on, measured in the same run on the same account.</summary>
public sealed record EngineBenchmarkResult(int Activities, TimeSpan EngineElapsed, int RawMessages, TimeSpan RawElapsed, string Settings)
{
    public double EngineActivitiesPerSecond => Activities / EngineElapsed.TotalSeconds;
    public double RawRoundTripsPerSecond => RawMessages / RawElapsed.TotalSeconds;

    /// <summary>Framework activities per second / raw queue round trips per second.</summary>
    public double Ratio => EngineActivitiesPerSecond / RawRoundTripsPerSecond;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"durable task framework ({Settings}): {Activities} activities in {EngineElapsed.TotalSeconds:F2} s = {EngineActivitiesPerSecond:F0}/s; " +
        $"raw queue round trip (send, receive, delete): {RawMessages} in {RawElapsed.TotalSeconds:F2} s = {RawRoundTripsPerSecond:F0}/s; " +
        $"ratio {Ratio:P0}");
}

/// <summary>
/// Fan-out/fan-in of no-op activities through the Durable Task Framework's Azure Storage provider, with the local
/// host's settings (work items, responses, history and instance commits, partitions), against the raw rate of the
/// same queue service: each message sent, received (batches of 32) and deleted, 32 sends in parallel, 2 receivers.
/// </summary>
public static class EngineBenchmark
{
    private const int Parallelism = 32;

    public static async Task<EngineBenchmarkResult> RunAsync(string connectionString, int activities, bool extendedSessions, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(activities, 1);
        var raw = await MeasureRawAsync(connectionString, activities, cancellationToken);
        var settings = new HostSettings
        {
            HubName = "bench" + Guid.NewGuid().ToString("N")[..8],
            DurablePollingInterval = TimeSpan.FromMilliseconds(500),
            ExtendedSessions = extendedSessions,
            MaxConcurrentActivities = 64,
        };
        var engine = await MeasureFrameworkAsync(new StorageAccount(connectionString), settings, activities, cancellationToken);
        var described = string.Create(CultureInfo.InvariantCulture,
            $"{settings.PartitionCount} partitions, {settings.MaxConcurrentActivities} concurrent activities, polling <= {settings.DurablePollingInterval.TotalMilliseconds:F0} ms, extended sessions {(extendedSessions ? "on" : "off")}");
        return new EngineBenchmarkResult(activities, engine, activities, raw, described);
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

    private static async Task<TimeSpan> MeasureFrameworkAsync(StorageAccount storage, HostSettings settings, int count, CancellationToken cancellationToken)
    {
        using var service = DurableWorker.CreateService(storage, settings, NullLoggerFactory.Instance);
        await service.CreateIfNotExistsAsync();
        var shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions(), NullLoggerFactory.Instance);
        using var worker = new TaskHubWorker(service, NullLoggerFactory.Instance) { ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails };
        worker.AddTaskOrchestrations(new NamedCreator<TaskOrchestration>("FanOut", () => shims.CreateOrchestration<int, int>("FanOut", async (ctx, n) =>
        {
            var results = await Task.WhenAll(Enumerable.Range(0, n).Select(i => ctx.CallActivityAsync<int>("Noop", i)));
            return results.Length;
        })));
        worker.AddTaskActivities(new NamedCreator<TaskActivity>("Noop", () => shims.CreateActivity<int, int>("Noop", (_, i) => Task.FromResult(i))));
        await worker.StartAsync();
        try
        {
            await using var client = new LocalDurableTaskClient(service, Microsoft.DurableTask.Converters.JsonDataConverter.Default);
            var clock = Stopwatch.StartNew();
            await client.ScheduleNewOrchestrationInstanceAsync("FanOut", count, new StartOrchestrationOptions("bench"), cancellationToken);
            var status = await client.WaitForInstanceCompletionAsync("bench", getInputsAndOutputs: true, cancellationToken);
            var elapsed = clock.Elapsed;
            if (status.RuntimeStatus != Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Completed || status.ReadOutputAs<int>() != count)
            {
                throw new InvalidOperationException($"Benchmark orchestration ended {status.RuntimeStatus}: {status.FailureDetails?.ErrorMessage}");
            }

            return elapsed;
        }
        finally
        {
            await worker.StopAsync(isForced: true);
            await service.DeleteAsync();
        }
    }
}
