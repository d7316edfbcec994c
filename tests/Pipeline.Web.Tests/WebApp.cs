using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Domain;
using Pipeline.Functions;
using Pipeline.Functions.Close;
using Pipeline.LocalHost;
using Pipeline.Functions.Web;
using Microsoft.DurableTask.Client;
using Pipeline.Azure;
using Pipeline.Access;

namespace Pipeline.Web.Tests;

/// <summary>The real function app with its local trigger host and engine, on a fresh account of the shared Azurite.</summary>
public sealed class WebApp : IAsyncDisposable
{
    /// <summary>
    /// Mid-2026Q3: the test drops (July 2026) are quarter-to-date data. The web views' <see cref="WebClock"/> stops
    /// here (it only gives them the current quarter); queues, timers and the engine keep the real clock.
    /// </summary>
    public static readonly DateTimeOffset Now = new(2026, 8, 20, 12, 0, 0, TimeSpan.Zero);
    public static readonly Quarter Q3 = new(2026, 3);

    private readonly LocalApp _app;

    private WebApp(LocalApp app)
    {
        _app = app;
        BaseUrl = app.BaseAddress.ToString().TrimEnd('/');
    }

    public string BaseUrl { get; }
    public IServiceProvider Services => _app.Services;
    public StorageAccount Storage => _app.Storage;
    public CloseClient Closes => _app.Closes;

    public T Get<T>() where T : notnull => _app.Get<T>();

    public static async Task<WebApp> StartAsync(string connectionString) =>
        new(await LocalApp.StartAsync(connectionString, settings: LocalApp.FastPolling, webClock: new WebClock(new FakeTimeProvider(Now))));

    public async Task<string> PartnerKeyAsync(string partnerId) => (await Get<ApiKeyStore>().IssuePartnerKeyAsync(partnerId)).Key;

    public async Task<string> FinanceKeyAsync(string name, string role) => (await Get<ApiKeyStore>().IssueFinanceKeyAsync(name, role)).Key;

    /// <summary>Uploads drops as partners would and waits until the audit ledger has recorded them all.</summary>
    public async Task DropAsync(params (string Path, string Content)[] drops)
    {
        var before = await AuditCountAsync();
        foreach (var (path, content) in drops)
            await Storage.Container(Names.Drops).GetBlobClient(path).UploadAsync(BinaryData.FromString(content), overwrite: true);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (await AuditCountAsync() < before + drops.Length)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Not all of {drops.Length} drop(s) were recorded in 30 s.");
            await Task.Delay(100);
        }
    }

    private async Task<int> AuditCountAsync()
    {
        var n = 0;
        await foreach (var _ in Get<AuditLedger>().ReadAllAsync()) n++;
        return n;
    }

    /// <summary>Starts the close and waits until it completes or waits for finance.</summary>
    public async Task<OrchestrationMetadata> CloseUntilSettledAsync(Quarter quarter)
    {
        await Closes.StartAsync(quarter);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var s = await Closes.StatusAsync(quarter);
            if (s is { RuntimeStatus: OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed }
                || CloseClient.Waiting(s) is not null) return s!;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The close of {quarter} did not settle: {CloseClient.Describe(s)}");
            await Task.Delay(200);
        }
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
