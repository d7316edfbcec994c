using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Pipeline.Functions;
using Pipeline.Functions.Hosting;
using Pipeline.Azure;
using Pipeline.Access;
using Pipeline.Dev;

namespace Pipeline.Cli.Commands;

/// <summary>What <c>partners</c> and <c>finance</c> share: opening the key store, the lifetime option, printing keys.</summary>
internal static class KeyCommands
{
    public static Option<int> Days() => new("--days")
    {
        Description = $"How many days the key is valid (1-{ApiKeyStore.MaxLifetime.TotalDays:0}).",
        DefaultValueFactory = _ => (int)ApiKeyStore.DefaultLifetime.TotalDays,
    };

    public static Option<string> KeyId() => new("--key-id") { Description = "The key id, as list-keys shows it (with or without its pp_/pf_ prefix).", Required = true };

    public static TimeSpan Lifetime(ParseResult parse, Option<int> days)
    {
        var value = parse.GetValue(days);
        if (value < 1 || value > ApiKeyStore.MaxLifetime.TotalDays) throw new CliException($"--days must be between 1 and {ApiKeyStore.MaxLifetime.TotalDays:0}");
        return TimeSpan.FromDays(value);
    }

    /// <summary>The key store on <c>--storage</c> / <c>AzureWebJobsStorage</c> / local Azurite, or, where only the
    /// identity-based settings are set (<c>AzureWebJobsStorage__blobServiceUri</c>, <c>__queueServiceUri</c>,
    /// <c>__tableServiceUri</c>), on the Azure account with the operator's Entra ID (<c>az login</c>), since the
    /// deployed account takes no shared key.</summary>
    public static async Task<(IAsyncDisposable Storage, ApiKeyStore Keys)> OpenAsync(ParseResult parse, CancellationToken ct)
    {
        var option = parse.GetValue(GlobalOptions.Storage);
        if (option is null
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(StorageSettings.ConnectionName))
            && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(StorageSettings.ConnectionName + "__tableServiceUri")))
        {
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
            return (NothingToDispose.Instance, new ApiKeyStore(StorageSettings.CreateAccount(configuration), TimeProvider.System));
        }

        var storage = await CliStorage.OpenAsync(option, ct);
        var account = new StorageAccount(storage.ConnectionString);
        await account.Table(Names.ApiKeysTable).CreateIfNotExistsAsync(ct);
        return (storage, new ApiKeyStore(account, TimeProvider.System));
    }

    private sealed class NothingToDispose : IAsyncDisposable
    {
        public static readonly NothingToDispose Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>Runs a store call, turning its argument errors into the CLI's one-line errors.</summary>
    public static async Task<T> GuardAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (ArgumentException e)
        {
            throw new CliException(e.Message.Split(" (Parameter")[0]);
        }
    }

    public static void PrintIssued(TextWriter output, IssuedApiKey issued)
    {
        var r = issued.Record;
        output.WriteLine($"key id:  {r.PublicId}");
        output.WriteLine($"for:     {r.Kind.ToString().ToLowerInvariant()} {r.Subject} (role {r.Role})");
        output.WriteLine($"expires: {Time(r.ExpiresAt)}");
        output.WriteLine("The key below is shown once and is not stored (only a salted hash is). Give it to its holder now:");
        output.WriteLine(issued.Key);
    }

    public static void PrintList(TextWriter output, IReadOnlyList<ApiKeyRecord> keys)
    {
        if (keys.Count == 0)
        {
            output.WriteLine("no keys");
            return;
        }

        var now = DateTimeOffset.UtcNow;
        output.WriteLine($"{"key id",-20} {"for",-24} {"role",-9} {"created",-20} {"expires",-20} status");
        foreach (var k in keys)
        {
            var status = k.StatusAt(now) switch
            {
                ApiKeyStatus.Revoked => $"revoked {Time(k.RevokedAt!.Value)}",
                ApiKeyStatus.Expired => "expired",
                _ => "active",
            };
            output.WriteLine($"{k.PublicId,-20} {k.Subject,-24} {k.Role,-9} {Time(k.CreatedAt),-20} {Time(k.ExpiresAt),-20} {status}");
        }
    }

    public static async Task<int> RevokeAsync(ParseResult parse, ApiKeyKind kind, string subject, Option<string> keyIdOption, CancellationToken ct)
    {
        var keyId = ApiKeyFormat.NormalizeKeyId(kind, parse.GetValue(keyIdOption))
            ?? throw new CliException($"--key-id must be {ApiKeyFormat.KeyIdLength} hex digits, optionally after '{ApiKeyFormat.Prefix(kind)}_'");
        var (storage, keys) = await OpenAsync(parse, ct);
        await using (storage)
        {
            var output = parse.InvocationConfiguration.Output;
            if (!await keys.RevokeAsync(kind, subject, keyId, ct)) throw new CliException($"{subject} has no key {ApiKeyFormat.PublicId(kind, keyId)}");
            output.WriteLine($"revoked {ApiKeyFormat.PublicId(kind, keyId)} of {subject}");
            return 0;
        }
    }

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);
}
