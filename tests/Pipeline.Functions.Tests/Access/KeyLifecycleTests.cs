using System.Net;
using Azure.Data.Tables;
using Pipeline.Azure;
using Pipeline.Access;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Functions.Tests.Access;

/// <summary>Keys that are missing, wrong, expired or revoked open nothing, and refusals never log a secret.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class KeyLifecycleTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Missing_malformed_unknown_and_wrong_secret_keys_are_refused_with_401()
    {
        await using var h = await AccessHarness.StartAsync(azurite);
        var key = await h.PartnerKeyAsync("p-1");
        var wrongSecret = key[..^1] + (key[^1] == '0' ? '1' : '0');
        var unknownId = ApiKeyFormat.Format(ApiKeyKind.Partner, "0123456789abcdef", key[^ApiKeyFormat.SecretLength..]);

        var missing = await h.GetAsync("api/partners/p-1/statements", null);
        var others = new[]
        {
            await h.GetAsync("api/partners/p-1/statements", "not-a-key"),
            await h.GetAsync("api/partners/p-1/statements", wrongSecret),
            await h.GetAsync("api/partners/p-1/statements", unknownId),
            await h.GetAsync("api/partners/p-1/statements", key.ToUpperInvariant()),
        };
        var good = await h.GetAsync("api/partners/p-1/statements", key);

        Assert.Equal(HttpStatusCode.Unauthorized, missing.Status);
        Assert.Contains("x-api-key", missing.Error, StringComparison.Ordinal);
        // The same answer whether the id is unknown or the secret wrong: probing teaches nothing.
        Assert.All(others, a => Assert.Equal((HttpStatusCode.Unauthorized, "The API key is not valid."), (a.Status, a.Error)));
        Assert.Equal(HttpStatusCode.OK, good.Status);
    }

    [Fact]
    public async Task Expired_key_is_refused_with_401()
    {
        await using var h = await AccessHarness.StartAsync(azurite);
        var expired = await h.PartnerKeyIssuedAsync("p-1", ago: TimeSpan.FromDays(91), lifetime: TimeSpan.FromDays(90));
        var stillValid = await h.PartnerKeyIssuedAsync("p-1", ago: TimeSpan.FromDays(89), lifetime: TimeSpan.FromDays(90));

        var refused = await h.RequestUploadAsync("p-1", expired, "july.csv");
        var allowed = await h.RequestUploadAsync("p-1", stillValid, "july.csv");

        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        Assert.Contains("expired", refused.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("sig=", refused.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, allowed.Status);
    }

    [Fact]
    public async Task Revoked_key_is_refused_while_the_partners_other_key_still_works()
    {
        await using var h = await AccessHarness.StartAsync(azurite);
        var revoked = await h.Keys.IssuePartnerKeyAsync("p-1");
        var other = await h.PartnerKeyAsync("p-1");
        Assert.Equal(HttpStatusCode.OK, (await h.GetAsync("api/partners/p-1/feedback", revoked.Key)).Status);

        Assert.True(await h.Keys.RevokeAsync(ApiKeyKind.Partner, "p-1", revoked.Record.KeyId));
        var refused = await h.GetAsync("api/partners/p-1/feedback", revoked.Key);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        Assert.Contains("revoked", refused.Error, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await h.GetAsync("api/partners/p-1/feedback", other)).Status);
    }

    [Fact]
    public async Task A_key_cannot_be_revoked_in_another_partners_name()
    {
        await using var h = await AccessHarness.StartAsync(azurite);
        var key = await h.Keys.IssuePartnerKeyAsync("p-1");

        Assert.False(await h.Keys.RevokeAsync(ApiKeyKind.Partner, "p-2", key.Record.KeyId));
        Assert.Equal(ApiKeyVerdict.Valid, (await h.Keys.VerifyAsync(key.Key)).Verdict);
    }

    [Fact]
    public async Task Failed_attempts_are_logged_with_the_key_id_and_never_the_secret()
    {
        await using var h = await AccessHarness.StartAsync(azurite);
        var otherPartners = await h.Keys.IssuePartnerKeyAsync("p-2");
        var revoked = await h.Keys.IssuePartnerKeyAsync("p-1");
        await h.Keys.RevokeAsync(ApiKeyKind.Partner, "p-1", revoked.Record.KeyId);
        var expired = await h.PartnerKeyIssuedAsync("p-1", ago: TimeSpan.FromDays(10), lifetime: TimeSpan.FromDays(1));
        var valid = await h.PartnerKeyAsync("p-1");
        var wrongSecret = valid[..^1] + (valid[^1] == '0' ? '1' : '0');
        // A real key pasted with a stray character: malformed, and nothing of it may be logged.
        var mangled = valid + "x";

        await h.GetAsync("api/partners/p-1/statements", otherPartners.Key);
        await h.GetAsync("api/partners/p-1/statements", revoked.Key);
        await h.RequestUploadAsync("p-1", expired, "july.csv");
        await h.GetAsync("api/partners/p-1/feedback", wrongSecret);
        await h.GetAsync("api/partners/p-1/feedback", mangled);
        await h.InvokeAsync("PartnerStatements", "GET", "api/partners/p-1/statements", new Dictionary<string, string> { ["id"] = "p-1" }, wrongSecret);

        var refusals = h.Logs.Entries.Where(e => e.EventId.Id is 1300 or 1301).ToList();
        Assert.Equal(6, refusals.Count);
        Assert.Contains(refusals, e => e.Message.Contains(otherPartners.Record.PublicId, StringComparison.Ordinal) && e.Message.Contains("asked for partner p-1", StringComparison.Ordinal));
        Assert.Contains(refusals, e => e.Message.Contains(revoked.Record.PublicId, StringComparison.Ordinal) && e.Message.Contains("Revoked", StringComparison.Ordinal));
        Assert.Contains(refusals, e => e.Message.Contains(expired[..19], StringComparison.Ordinal) && e.Message.Contains("Expired", StringComparison.Ordinal));
        Assert.Contains(refusals, e => e.Message.Contains("(malformed)", StringComparison.Ordinal));
        Assert.Equal(2, refusals.Count(e => e.Message.Contains(valid[..19], StringComparison.Ordinal) && e.Message.Contains("Unknown", StringComparison.Ordinal)));
        var secrets = new[] { otherPartners.Key, revoked.Key, expired, valid, wrongSecret }.Select(k => k[^ApiKeyFormat.SecretLength..]).ToList();
        foreach (var entry in h.Logs.Entries)
        {
            foreach (var secret in secrets)
            {
                // Not the secret, nor a recognisable piece of it.
                Assert.DoesNotContain(secret[..16], entry.AllText, StringComparison.Ordinal);
                Assert.DoesNotContain(secret[^16..], entry.AllText, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Stored_rows_hold_a_per_key_salt_and_hash_and_never_the_key()
    {
        await using var h = await AccessHarness.StartAsync(azurite);
        var first = await h.Keys.IssuePartnerKeyAsync("p-1");
        var second = await h.Keys.IssueFinanceKeyAsync("fiona", ApiKeyRoles.Approver);

        var rows = new List<TableEntity>();
        await foreach (var row in h.Storage.Table(Names.ApiKeysTable).QueryAsync<TableEntity>()) rows.Add(row);

        Assert.Equal(2, rows.Count);
        var stored = string.Join("\n", rows.SelectMany(r => r.Select(p => $"{p.Key}={p.Value}")));
        foreach (var key in new[] { first.Key, second.Key })
        {
            var secret = key[^ApiKeyFormat.SecretLength..];
            Assert.DoesNotContain(secret[..16], stored, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(Convert.ToBase64String(Convert.FromHexString(secret))[..16], stored, StringComparison.Ordinal);
        }

        Assert.NotEqual(rows[0].GetString("Salt"), rows[1].GetString("Salt"));
        Assert.Equal(["finance", "partner"], rows.Select(r => r.PartitionKey).Order(StringComparer.Ordinal));
        Assert.StartsWith("pp_", first.Key, StringComparison.Ordinal);
        Assert.StartsWith("pf_", second.Key, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromDays(90), first.Record.ExpiresAt - first.Record.CreatedAt);
    }
}
