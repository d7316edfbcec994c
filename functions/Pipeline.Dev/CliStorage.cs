using System.Diagnostics.CodeAnalysis;
using Pipeline.Azure;
using Pipeline.Dev;

namespace Pipeline.Dev;

/// <summary>
/// Resolves the storage a command works on: <c>--storage</c>, else <c>AzureWebJobsStorage</c>, else the local
/// emulator. When that means development storage and nothing answers on its ports, starts Azurite there (data kept
/// in <c>.azurite/</c> beside infra/) for as long as the command runs.
/// </summary>
public sealed class CliStorage : IAsyncDisposable
{
    private AzuriteServer? _azurite;

    private CliStorage(string connectionString, AzuriteServer? azurite)
    {
        ConnectionString = connectionString;
        _azurite = azurite;
    }

    public string ConnectionString { get; }

    /// <summary>CPU time of the Azurite this command started (zero when it uses one that was already running).</summary>
    public TimeSpan AzuriteProcessorTime => _azurite?.ProcessorTime ?? TimeSpan.Zero;

[SuppressMessage("Reliability", "CA2000:Dispose objects before losing scope", Justification = "The started emulator belongs to the returned CliStorage, which stops it.")]
    public static async Task<CliStorage> OpenAsync(string? option, CancellationToken cancellationToken = default)
    {
        var connection = option ?? Environment.GetEnvironmentVariable(StorageSettings.ConnectionName) ?? StorageAccount.DevelopmentStorage;
        if (!connection.Trim().Equals(StorageAccount.DevelopmentStorage, StringComparison.OrdinalIgnoreCase))
        {
            return new CliStorage(connection, null);
        }

        if (await AzuriteServer.IsListeningAsync(AzuritePorts.Default, cancellationToken))
        {
            return new CliStorage(connection, null);
        }

        var location = Path.Combine(Path.GetDirectoryName(AzuriteInstall.FindInfraDirectory())!, ".azurite");
        Console.Error.WriteLine($"Starting Azurite on 127.0.0.1:10000-10002 (data in {location})...");
        var azurite = await AzuriteServer.StartAsync(AzuritePorts.Default, location, cancellationToken: cancellationToken);
        return new CliStorage(connection, azurite);
    }

    /// <summary>A throwaway emulator on free ports, in memory: for the demo and benchmarks.</summary>
[SuppressMessage("Reliability", "CA2000:Dispose objects before losing scope", Justification = "The started emulator belongs to the returned CliStorage, which stops it.")]
    public static async Task<CliStorage> EphemeralAsync(CancellationToken cancellationToken = default)
    {
        var azurite = await AzuriteServer.StartAsync(AzuritePorts.Free(), location: null, cancellationToken: cancellationToken);
        return new CliStorage(azurite.ConnectionString(), azurite);
    }

    public async ValueTask DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
            _azurite = null;
        }
    }
}
