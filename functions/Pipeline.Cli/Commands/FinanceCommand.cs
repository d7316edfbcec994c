using System.CommandLine;
using Pipeline.Access;
using Pipeline.Dev;

namespace Pipeline.Cli.Commands;

/// <summary><c>finance issue-key --name N [--role reader|approver]</c>, <c>finance revoke-key --name N --key-id K</c>,
/// <c>finance list-keys [--name N]</c>: finance API keys.</summary>
public static class FinanceCommand
{
    public static Command Create()
    {
        var issueName = Name(required: true);
        var role = new Option<string>("--role")
        {
            Description = $"{ApiKeyRoles.Reader}: reads (drop ledger, close status); {ApiKeyRoles.Approver}: also starts closes and decides held payouts.",
            DefaultValueFactory = _ => ApiKeyRoles.Reader,
        };
        role.AcceptOnlyFromAmong([.. ApiKeyRoles.Finance]);
        var days = KeyCommands.Days();
        var issue = new Command("issue-key", "Issue a finance API key. Prints the key once; only its salted hash is stored.") { issueName, role, days };
        issue.SetAction(CliAction.Run(async (parse, ct) =>
        {
            var lifetime = KeyCommands.Lifetime(parse, days);
            var (storage, keys) = await KeyCommands.OpenAsync(parse, ct);
            await using (storage)
            {
                var issued = await KeyCommands.GuardAsync(() => keys.IssueFinanceKeyAsync(parse.GetValue(issueName)!, parse.GetValue(role)!, lifetime, ct));
                KeyCommands.PrintIssued(parse.InvocationConfiguration.Output, issued);
                return 0;
            }
        }));

        var revokeName = Name(required: true);
        var keyId = KeyCommands.KeyId();
        var revoke = new Command("revoke-key", "Revoke a finance API key.") { revokeName, keyId };
        revoke.SetAction(CliAction.Run((parse, ct) => KeyCommands.RevokeAsync(parse, ApiKeyKind.Finance, parse.GetValue(revokeName)!, keyId, ct)));

        var listName = Name(required: false);
        var list = new Command("list-keys", "List finance API keys (all, or one holder's).") { listName };
        list.SetAction(CliAction.Run(async (parse, ct) =>
        {
            var (storage, keys) = await KeyCommands.OpenAsync(parse, ct);
            await using (storage)
            {
                KeyCommands.PrintList(parse.InvocationConfiguration.Output, await keys.ListAsync(ApiKeyKind.Finance, parse.GetValue(listName), ct));
                return 0;
            }
        }));

        return new Command("finance", "Finance access: API keys for the finance endpoints.") { issue, revoke, list };
    }

    private static Option<string> Name(bool required) => new("--name") { Description = "Who holds the key, e.g. jane-doe.", Required = required };
}
