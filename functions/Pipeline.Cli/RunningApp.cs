using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Functions;
using Pipeline.Orchestration.Storage;
using Pipeline.Storage;

namespace Pipeline.Cli;

/// <summary>The function app running in-process with its local triggers and engine worker (for <c>close start --wait</c>
/// and the demo): orchestrations make progress only while it runs.</summary>
public sealed class RunningApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RunningApp(WebApplication app) => _app = app;

    public T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    public static async Task<RunningApp> StartAsync(string connectionString, LogLevel minimumLevel = LogLevel.Warning, CancellationToken cancellationToken = default)
    {
        var app = PipelineApp.Build(
            [],
            new Dictionary<string, string?>
            {
                [PipelineApp.StorageSetting] = connectionString,
                ["Pipeline:LocalPort"] = Pipeline.Storage.Local.LoopbackPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            b => b.Logging.SetMinimumLevel(minimumLevel),
            localTriggers: true);
        await app.Services.GetRequiredService<StorageAccount>().EnsureCreatedAsync(cancellationToken);
        await app.Services.GetRequiredService<OrchestrationStorage>().EnsureCreatedAsync(cancellationToken);
        await app.StartAsync(cancellationToken);
        return new RunningApp(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
