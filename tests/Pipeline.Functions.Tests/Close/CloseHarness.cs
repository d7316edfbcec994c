using Microsoft.Extensions.DependencyInjection;
using Pipeline.Domain;
using Pipeline.Functions.Close;
using Microsoft.DurableTask.Client;
using Pipeline.LocalHost;
using Pipeline.Azure;
using Pipeline.Close;

namespace Pipeline.Functions.Tests.Close;

/// <summary>The real app (local host with its triggers and Durable Task worker) on its own account: drops go in through ReceiveDrop, closes run on the Durable Task Framework.</summary>
internal sealed class CloseHarness : IAsyncDisposable
{
    private CloseHarness(LocalApp app) => App = app;

    public LocalApp App { get; }
    public StorageAccount Storage => App.Storage;
    public CloseClient Closes => App.Closes;
    public DurableTaskClient Durable => App.Get<DurableTaskClient>();
    public CloseBlobStore Blobs => App.Services.GetRequiredService<CloseBlobStore>();

    public static async Task<CloseHarness> StartAsync(string connectionString, IReadOnlyDictionary<string, string?>? settings = null) =>
        new(await TestApp.StartAsync(connectionString, settings: settings));

    /// <summary>Uploads drops (as partners would) and waits until the audit ledger recorded them all.</summary>
    public async Task DropAsync(params (string Path, string Content)[] drops)
    {
        var before = await AuditCountAsync();
        foreach (var (path, content) in drops)
            await Storage.Container(Names.Drops).GetBlobClient(path).UploadAsync(BinaryData.FromString(content), overwrite: true);
        var count = await Eventually.GetAsync(AuditCountAsync, n => n >= before + drops.Length, TimeSpan.FromSeconds(120));
        if (count < before + drops.Length) throw new TimeoutException($"Only {count - before} of {drops.Length} drops were recorded.");
    }

    public async Task<int> AuditCountAsync()
    {
        var n = 0;
        await foreach (var _ in App.Services.GetRequiredService<AuditLedger>().ReadAllAsync()) n++;
        return n;
    }

    /// <summary>Starts the close and waits until it completes or waits for finance.</summary>
    public async Task<OrchestrationMetadata> CloseAsync(Quarter quarter, CloseRequest? request = null, TimeSpan? timeout = null)
    {
        await Closes.StartAsync(quarter, request);
        return await SettledAsync(quarter, timeout);
    }

    public async Task<OrchestrationMetadata> SettledAsync(Quarter quarter, TimeSpan? timeout = null)
    {
        var status = await Eventually.GetAsync(
            () => Closes.StatusAsync(quarter),
            s => s is { RuntimeStatus: OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed }
                 || CloseClient.Waiting(s) is not null,
            timeout ?? TimeSpan.FromSeconds(60));
        if (status?.RuntimeStatus == OrchestrationRuntimeStatus.Failed) throw new InvalidOperationException($"Close {quarter} failed: {CloseClient.Describe(status)} {status.FailureDetails?.StackTrace}");
        return status ?? throw new TimeoutException($"Close {quarter} never started.");
    }

    /// <summary>Every blob of a container (name → bytes), to compare before and after.</summary>
    public Task<SortedDictionary<string, byte[]>> SnapshotAsync(string container, string? prefix = null) => BlobSnapshot.TakeAsync(Storage, container, prefix);

    /// <summary>Downloads blobs under a prefix to a local folder (for DuckDB).</summary>
    public async Task<string> DownloadAsync(string container, string prefix, string directory)
    {
        foreach (var (name, bytes) in await SnapshotAsync(container, prefix))
        {
            var path = Path.Combine(directory, container, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, bytes);
        }

        return Path.Combine(directory, container);
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}

/// <summary>Every blob of a container under a prefix (name → bytes), to compare two accounts or before and after.</summary>
internal static class BlobSnapshot
{
    public static async Task<SortedDictionary<string, byte[]>> TakeAsync(StorageAccount storage, string container, string? prefix = null)
    {
        var result = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        var client = storage.Container(container);
        await foreach (var item in client.GetBlobsAsync(global::Azure.Storage.Blobs.Models.BlobTraits.None, global::Azure.Storage.Blobs.Models.BlobStates.None, prefix, default))
            result[item.Name] = (await client.GetBlobClient(item.Name).DownloadContentAsync()).Value.Content.ToArray();
        return result;
    }
}
