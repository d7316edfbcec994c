using System.CommandLine;
using Pipeline.Domain.Partners;
using Pipeline.Azure;
using Pipeline.Access;
using Pipeline.Close;
using Pipeline.Ingest;
using Pipeline.Dev;
using Pipeline.Terms;

namespace Pipeline.Cli.Commands;

/// <summary><c>partners issue-key P</c>, <c>partners revoke-key P --key-id K</c>, <c>partners list-keys P</c>: partner API keys.</summary>
public static class PartnersCommand
{
    public static Command Create()
    {
        var issuePartner = new Argument<string>("PARTNER") { Description = "Partner id, e.g. p-1001." };
        var days = KeyCommands.Days();
        var issue = new Command("issue-key", "Issue an API key for a partner. Prints the key once; only its salted hash is stored.") { issuePartner, days };
        issue.SetAction(CliAction.Run(async (parse, ct) =>
        {
            var lifetime = KeyCommands.Lifetime(parse, days);
            var (storage, keys) = await KeyCommands.OpenAsync(parse, ct);
            await using (storage)
            {
                var issued = await KeyCommands.GuardAsync(() => keys.IssuePartnerKeyAsync(parse.GetValue(issuePartner)!, lifetime, ct));
                KeyCommands.PrintIssued(parse.InvocationConfiguration.Output, issued);
                return 0;
            }
        }));

        var revokePartner = new Argument<string>("PARTNER") { Description = "Partner id." };
        var keyId = KeyCommands.KeyId();
        var revoke = new Command("revoke-key", "Revoke one of a partner's API keys; it is refused from then on.") { revokePartner, keyId };
        revoke.SetAction(CliAction.Run((parse, ct) => KeyCommands.RevokeAsync(parse, ApiKeyKind.Partner, parse.GetValue(revokePartner)!, keyId, ct)));

        var listPartner = new Argument<string>("PARTNER") { Description = "Partner id." };
        var list = new Command("list-keys", "List a partner's API keys (ids, dates, status; never the keys).") { listPartner };
        list.SetAction(CliAction.Run(async (parse, ct) =>
        {
            var (storage, keys) = await KeyCommands.OpenAsync(parse, ct);
            await using (storage)
            {
                KeyCommands.PrintList(parse.InvocationConfiguration.Output, await keys.ListAsync(ApiKeyKind.Partner, parse.GetValue(listPartner), ct));
                return 0;
            }
        }));

        var historyPartner = new Argument<string>("PARTNER") { Description = "Partner id." };
        var history = new Command("history", "Every registry version of the partner's terms: the quarter it governs from, who imported it, what changed.") { historyPartner };
        history.SetAction(CliAction.Run(async (parse, ct) =>
        {
            var id = parse.GetValue(historyPartner)!;
            await using var storage = await CliStorage.OpenAsync(parse.GetValue(GlobalOptions.Storage), ct);
            var account = new StorageAccount(storage.ConnectionString);
            var terms = new PartnerTermsStore(account, new ReferenceDataStore(account), new ClosedQuarterLedger(account), TimeProvider.System);
            var output = parse.InvocationConfiguration.Output;
            Partner? previous = null;
            var shown = 0;
            foreach (var version in await terms.ImportsAsync(ct))
            {
                var partner = (await terms.RegistryAsync(version, ct)).Find(id);
                var changes = PartnerChanges.Describe(previous, partner);
                previous = partner;
                if (changes.Count == 0) continue;
                shown++;
                output.WriteLine($"from {(version.EffectiveFrom == new Pipeline.Domain.Quarter(2000, 1) ? "the start" : version.EffectiveFrom.ToString())} (imported {version.ImportedAt:yyyy-MM-dd HH:mm}Z by {version.ImportedBy}, config/{version.Name}): {string.Join("; ", changes)}");
                if (partner is not null) output.WriteLine($"  {PartnerChanges.Summary(partner)}");
            }

            if (shown == 0) throw new CliException($"partner '{id}' is in no registry version imported with pipeline config import");
            return 0;
        }));

        return new Command("partners", "Partners: terms over time and API keys for the partner endpoints.") { issue, revoke, list, history };
    }
}
