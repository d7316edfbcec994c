using Microsoft.Extensions.Configuration;
using Pipeline.Functions.Hosting;
using Xunit;
using Pipeline.Azure;

namespace Pipeline.Functions.Tests.Deployment;

/// <summary>
/// In Azure the app gets the identity-based settings bicep/modules/functionapp.bicep writes (environment variables
/// <c>AzureWebJobsStorage__*</c>), not a connection string; locally it gets a connection string.
/// </summary>
public sealed class StorageSettingsTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    [Fact]
    public void Identity_based_settings_point_every_client_at_the_accounts_own_endpoints()
    {
        // The keys as .NET configuration sees the app settings AzureWebJobsStorage__blobServiceUri etc.
        var account = StorageSettings.CreateAccount(Settings(
            ("AzureWebJobsStorage:credential", "managedidentity"),
            ("AzureWebJobsStorage:clientId", "00000000-0000-0000-0000-000000000001"),
            ("AzureWebJobsStorage:blobServiceUri", "https://payoutsabc.blob.core.windows.net/"),
            ("AzureWebJobsStorage:queueServiceUri", "https://payoutsabc.queue.core.windows.net/"),
            ("AzureWebJobsStorage:tableServiceUri", "https://payoutsabc.table.core.windows.net/")));

        Assert.Null(account.ConnectionString);
        Assert.False(account.IsDevelopmentStorage);
        Assert.Equal("payoutsabc.blob.core.windows.net", account.Container("drops").Uri.Host);
        Assert.Equal("payoutsabc.queue.core.windows.net", account.Queue("drop-events").Uri.Host);
        Assert.Equal("payoutsabc.table.core.windows.net", account.Tables.Uri.Host);
    }

    [Fact]
    public void Connection_string_wins_and_no_setting_means_development_storage()
    {
        // Endpoints of an Azurite on non-default ports, signed with a (dummy) SAS: no account key in the repo.
        var azurite = "BlobEndpoint=http://127.0.0.1:11000/devstoreaccount1;QueueEndpoint=http://127.0.0.1:11001/devstoreaccount1;" +
            "TableEndpoint=http://127.0.0.1:11002/devstoreaccount1;SharedAccessSignature=sv=2025-11-05&ss=bqt&srt=sco&sp=rl&sig=unsigned";

        var account = StorageSettings.CreateAccount(Settings(("AzureWebJobsStorage", azurite)));
        Assert.Equal(azurite, account.ConnectionString);
        Assert.Equal(11000, account.Blobs.Uri.Port);
        Assert.Equal(11002, account.Tables.Uri.Port);
        Assert.True(StorageSettings.CreateAccount(Settings()).IsDevelopmentStorage);
    }

    [Fact]
    public void Identity_based_settings_missing_a_service_fail_at_start_naming_the_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StorageSettings.CreateAccount(Settings(
            ("AzureWebJobsStorage:credential", "managedidentity"),
            ("AzureWebJobsStorage:blobServiceUri", "https://payoutsabc.blob.core.windows.net/"),
            ("AzureWebJobsStorage:queueServiceUri", "https://payoutsabc.queue.core.windows.net/"))));

        Assert.Contains("AzureWebJobsStorage__tableServiceUri", error.Message, StringComparison.Ordinal);
    }
}
