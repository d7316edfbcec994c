using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Pipeline.Orchestration;
using Pipeline.Orchestration.CrashWorker;
using Pipeline.Orchestration.Storage;

// worker <connection string> <worker id> [visibility seconds]: runs the local worker until killed.
// bench  [activities]: starts its own Azurite and prints the engine benchmark.
if (args.Length >= 1 && args[0] == "bench")
{
    var activities = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5000;
    var ports = Pipeline.Storage.Local.AzuritePorts.Free();
    // A named account, as the test fixture uses (the same key; Azurite serves it alongside devstoreaccount1).
    await using var azurite = await Pipeline.Storage.Local.AzuriteServer.StartAsync(ports, extraAccounts: ["bench"]);
    using var logs = Microsoft.Extensions.Logging.LoggerFactory.Create(b => b.AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.fff ")
        .SetMinimumLevel(args.Contains("-v") ? Microsoft.Extensions.Logging.LogLevel.Debug : Microsoft.Extensions.Logging.LogLevel.Warning));
    var result = await EngineBenchmark.RunAsync(azurite.ConnectionString("bench"), activities, logs);
    Console.WriteLine(result);
    return 0;
}

if (args.Length < 3 || args[0] != "worker")
{
    Console.Error.WriteLine("usage: worker <connection string> <worker id> [visibility seconds] | bench [activities]");
    return 2;
}

var connectionString = args[1];
var workerId = args[2];
var visibility = TimeSpan.FromSeconds(args.Length > 3 ? double.Parse(args[3], CultureInfo.InvariantCulture) : 2);
var tables = new TableServiceClient(connectionString);
var registry = new OrchestrationRegistry();
CrashWorkload.Register(registry, tables);
var storage = new OrchestrationStorage(connectionString, CrashWorkload.Options);
var episodes = tables.GetTableClient(CrashWorkload.EpisodesTable);

// Every episode is recorded, so the scale-out test can check that the committed episodes of an instance form one chain.
var engine = new OrchestrationEngine(registry, storage, episodeObserver: (trace, ct) => episodes.AddEntityAsync(new TableEntity(trace.InstanceId, Guid.NewGuid().ToString("N"))
{
    ["Worker"] = workerId,
    ["ETagBefore"] = trace.ETagBefore,
    ["ETagAfter"] = trace.ETagAfter,
    ["StartedAt"] = new DateTimeOffset(trace.StartedAt),
    ["EndedAt"] = new DateTimeOffset(trace.EndedAt),
    ["Applied"] = trace.MessagesApplied,
}, ct));
var worker = new OrchestrationWorker(engine, new OrchestrationWorkerOptions
{
    VisibilityTimeout = visibility, MinPollInterval = TimeSpan.FromMilliseconds(20), MaxPollInterval = TimeSpan.FromMilliseconds(200),
    RetryDelay = TimeSpan.FromMilliseconds(200),
});
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
await worker.StartAsync(stop.Token);
Console.WriteLine($"worker {workerId} ready");
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
}

await worker.StopAsync(CancellationToken.None);
return 0;
