using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Pipeline.Azure;

namespace Pipeline.Azure;

/// <summary>
/// Reads the app's storage the way the Functions host reads its <c>AzureWebJobsStorage</c> connection, so one
/// setting serves both: a connection string (Azurite, local runs), or in Azure, where the account takes no shared
/// key, the identity-based form <c>AzureWebJobsStorage__blobServiceUri</c> / <c>__queueServiceUri</c> /
/// <c>__tableServiceUri</c> with <c>__credential=managedidentity</c> and <c>__clientId</c> (bicep/modules/functionapp.bicep).
/// </summary>
public static class StorageSettings
{
    /// <summary>The setting that names the storage account, shared with the Functions host.</summary>
    public const string ConnectionName = "AzureWebJobsStorage";

    private static readonly string[] ServiceUriKeys = ["blobServiceUri", "queueServiceUri", "tableServiceUri"];

    /// <summary>The storage account the settings name; development storage when they name none.</summary>
    public static StorageAccount CreateAccount(IConfiguration configuration, string name = ConnectionName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration[name];
        if (!string.IsNullOrWhiteSpace(connectionString)) return new StorageAccount(connectionString);

        var section = configuration.GetSection(name);
        var uris = ServiceUriKeys.Select(k => section[k]).ToArray();
        if (uris.All(string.IsNullOrWhiteSpace)) return new StorageAccount(StorageAccount.DevelopmentStorage);

        // A partial set would silently send some traffic elsewhere: the app needs all three services.
        var missing = ServiceUriKeys.Where((_, i) => string.IsNullOrWhiteSpace(uris[i])).Select(k => $"{name}__{k}").ToList();
        if (missing.Count > 0) throw new InvalidOperationException($"Identity-based storage needs {string.Join(", ", missing)} as well.");

        return new StorageAccount(new Uri(uris[0]!), new Uri(uris[1]!), new Uri(uris[2]!), Credential(section));
    }

    private static TokenCredential Credential(IConfigurationSection section)
    {
        var clientId = section["clientId"];
        if (string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase))
        {
            return new ManagedIdentityCredential(string.IsNullOrWhiteSpace(clientId)
                ? ManagedIdentityId.SystemAssigned
                : ManagedIdentityId.FromUserAssignedClientId(clientId));
        }

        // Anything else (a developer's `az login`, workload identity...): the usual chain, preferring the named identity.
        return new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });
    }
}
