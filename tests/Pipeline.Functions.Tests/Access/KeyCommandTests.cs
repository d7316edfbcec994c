using System.CommandLine;
using Pipeline.Cli.Commands;
using Pipeline.Azure;
using Pipeline.Access;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Functions.Tests.Access;

/// <summary>The operator's side: <c>partners</c> and <c>finance</c> key verbs of the CLI.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class KeyCommandTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Issue_key_prints_a_working_key_once_and_list_keys_shows_its_id_only()
    {
        var connection = azurite.NewConnectionString();
        var keys = new ApiKeyStore(new StorageAccount(connection), TimeProvider.System);

        var issued = await RunAsync(connection, "partners", "issue-key", "p-1", "--days", "30");
        var key = issued.Output.TrimEnd().Split('\n')[^1];
        var listed = await RunAsync(connection, "partners", "list-keys", "p-1");

        Assert.Equal(0, issued.ExitCode);
        var check = await keys.VerifyAsync(key);
        Assert.Equal(ApiKeyVerdict.Valid, check.Verdict);
        Assert.Equal("p-1", check.Key!.Subject);
        Assert.Equal(TimeSpan.FromDays(30), check.Key.ExpiresAt - check.Key.CreatedAt);
        Assert.Contains("shown once", issued.Output, StringComparison.Ordinal);
        Assert.Equal(0, listed.ExitCode);
        Assert.Contains(check.PublicId!, listed.Output, StringComparison.Ordinal);
        Assert.Contains("active", listed.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(key[^ApiKeyFormat.SecretLength..][..16], listed.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoke_key_refuses_the_key_from_then_on_and_only_for_its_own_partner()
    {
        var connection = azurite.NewConnectionString();
        var key = (await RunAsync(connection, "partners", "issue-key", "p-1")).Output.TrimEnd().Split('\n')[^1];
        var publicId = key[..(3 + ApiKeyFormat.KeyIdLength)];

        var wrongPartner = await RunAsync(connection, "partners", "revoke-key", "p-2", "--key-id", publicId);
        var revoked = await RunAsync(connection, "partners", "revoke-key", "p-1", "--key-id", publicId);
        var listed = await RunAsync(connection, "partners", "list-keys", "p-1");

        Assert.NotEqual(0, wrongPartner.ExitCode);
        Assert.Equal(0, revoked.ExitCode);
        Assert.Contains("revoked", listed.Output, StringComparison.Ordinal);
        var keys = new ApiKeyStore(new StorageAccount(connection), TimeProvider.System);
        Assert.Equal(ApiKeyVerdict.Revoked, (await keys.VerifyAsync(key)).Verdict);
    }

    [Fact]
    public async Task Finance_issue_key_carries_the_role_and_refuses_an_unknown_one()
    {
        var connection = azurite.NewConnectionString();

        var approver = await RunAsync(connection, "finance", "issue-key", "--name", "fiona", "--role", "approver");
        var unknown = await RunAsync(connection, "finance", "issue-key", "--name", "fiona", "--role", "admin");
        var listed = await RunAsync(connection, "finance", "list-keys");

        Assert.Equal(0, approver.ExitCode);
        var key = approver.Output.TrimEnd().Split('\n')[^1];
        Assert.StartsWith("pf_", key, StringComparison.Ordinal);
        var check = await new ApiKeyStore(new StorageAccount(connection), TimeProvider.System).VerifyAsync(key);
        Assert.Equal((ApiKeyKind.Finance, "fiona", ApiKeyRoles.Approver), (check.Key!.Kind, check.Key.Subject, check.Key.Role));
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Single(listed.Output.Split('\n'), l => l.StartsWith("pf_", StringComparison.Ordinal));
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string connection, params string[] args)
    {
        var root = new RootCommand { GlobalOptions.Storage };
        root.Subcommands.Add(PartnersCommand.Create());
        root.Subcommands.Add(FinanceCommand.Create());
        var output = new StringWriter();
        var exit = await root.Parse([.. args, "--storage", connection]).InvokeAsync(new InvocationConfiguration { Output = output, Error = new StringWriter() });
        return (exit, output.ToString());
    }
}
