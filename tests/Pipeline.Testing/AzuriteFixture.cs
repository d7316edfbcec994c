using Pipeline.Azure;
using Pipeline.Dev;
using Xunit;

namespace Pipeline.Testing;

/// <summary>
/// One Azurite per test assembly, on free ports, in memory. Each test takes a fresh storage account from it
/// (<see cref="NewAccount"/>), so tests are isolated from each other without restarting the emulator.
/// Use as a collection fixture: each test assembly declares
/// <c>[CollectionDefinition(AzuriteFixture.Collection)] class AzuriteCollection : ICollectionFixture&lt;AzuriteFixture&gt;;</c>
/// (xunit requires the definition in the test assembly) and its classes say <c>[Collection(AzuriteFixture.Collection)]</c>.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string Collection = "Azurite";
    private const int AccountCount = 200;
    private int _next = -1;
    private AzuriteServer? _server;

    public AzuriteServer Server => _server ?? throw new InvalidOperationException("Azurite is not started.");

    public async Task InitializeAsync()
    {
        var accounts = Enumerable.Range(0, AccountCount).Select(i => $"test{i:D3}").ToArray();
        _server = await AzuriteServer.StartAsync(AzuritePorts.Free(), location: null, extraAccounts: accounts);
    }

    /// <summary>A connection string for a storage account no other test has used.</summary>
    public string NewConnectionString()
    {
        var index = Interlocked.Increment(ref _next);
        if (index >= AccountCount) throw new InvalidOperationException($"More than {AccountCount} accounts requested from one Azurite.");
        return Server.ConnectionString(Server.Accounts[index]);
    }

    /// <summary>A fresh storage account with the app's containers, queues and tables created.</summary>
    public async Task<StorageAccount> NewAccount()
    {
        var account = new StorageAccount(NewConnectionString());
        await account.EnsureCreatedAsync();
        return account;
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
