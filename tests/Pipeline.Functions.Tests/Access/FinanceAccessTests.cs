using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Access;
using Pipeline.Azure;
using Pipeline.Testing;
using Pipeline.LocalHost;
using Xunit;

namespace Pipeline.Functions.Tests.Access;

/// <summary>Finance endpoints take finance keys with the right role, and nothing else.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class FinanceAccessTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Finance_reader_key_lists_the_drop_ledger_directly_and_through_the_host()
    {
        await using var h = await AccessHarness.StartAsync(azurite);
        var ledger = h.App.Services.GetRequiredService<AuditLedger>();
        await ledger.AppendAsync(Record("d-1", "p-1", new DateTimeOffset(2026, 7, 1, 9, 0, 0, TimeSpan.Zero)));
        await ledger.AppendAsync(Record("d-2", "p-2", new DateTimeOffset(2026, 7, 2, 9, 0, 0, TimeSpan.Zero)));
        var key = await h.FinanceKeyAsync();

        var all = await h.GetAsync("api/finance/drops", key);
        var one = await h.GetAsync("api/finance/drops?partner=p-1", key);
        var viaHost = await h.InvokeAsync("FinanceDrops", "GET", "api/finance/drops", new Dictionary<string, string>(), key);

        Assert.Equal(HttpStatusCode.OK, all.Status);
        Assert.Equal(["d-2", "d-1"], DropIds(all));
        Assert.Equal(["d-1"], DropIds(one));
        Assert.Equal(HttpStatusCode.OK, viaHost.Status);
        Assert.Equal(["d-2", "d-1"], DropIds(viaHost));
    }

    [Fact]
    public async Task Finance_endpoint_refuses_partner_keys_no_key_and_revoked_finance_keys()
    {
        await using var h = await AccessHarness.StartAsync(azurite);
        await h.App.Services.GetRequiredService<AuditLedger>().AppendAsync(Record("d-1", "p-1", DateTimeOffset.UtcNow));
        var partner = await h.PartnerKeyAsync("p-1");
        var revoked = await h.Keys.IssueFinanceKeyAsync("fiona", ApiKeyRoles.Approver);
        await h.Keys.RevokeAsync(ApiKeyKind.Finance, "fiona", revoked.Record.KeyId);

        var withPartnerKey = await h.GetAsync("api/finance/drops", partner);
        var withPartnerKeyViaHost = await h.InvokeAsync("FinanceDrops", "GET", "api/finance/drops", new Dictionary<string, string>(), partner);
        var withoutKey = await h.GetAsync("api/finance/drops", null);
        var withRevokedKey = await h.GetAsync("api/finance/drops", revoked.Key);

        Assert.Equal(HttpStatusCode.Forbidden, withPartnerKey.Status);
        Assert.Contains("finance API key is required", withPartnerKey.Error, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, withPartnerKeyViaHost.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, withRevokedKey.Status);
        Assert.All(new[] { withPartnerKey, withPartnerKeyViaHost, withoutKey, withRevokedKey }, a => Assert.DoesNotContain("d-1", a.Body, StringComparison.Ordinal));
    }

    [Fact]
    public void Approver_may_do_what_a_reader_may_and_not_the_reverse()
    {
        Assert.True(ApiKeyRoles.Satisfies(ApiKeyRoles.Approver, ApiKeyRoles.Reader));
        Assert.True(ApiKeyRoles.Satisfies(ApiKeyRoles.Reader, ApiKeyRoles.Reader));
        Assert.False(ApiKeyRoles.Satisfies(ApiKeyRoles.Reader, ApiKeyRoles.Approver));
        Assert.False(ApiKeyRoles.Satisfies(ApiKeyRoles.Partner, ApiKeyRoles.Reader));
    }

    [Fact]
    public void Finance_functions_need_the_hosts_function_key_and_partner_functions_are_left_to_our_key_check()
    {
        var index = FunctionIndex.ForApp();
        string AuthLevel(string function) => index.All.Single(f => f.Name == function).Http.AuthLevel.ToString().ToLowerInvariant();

        Assert.Equal("function", AuthLevel("FinanceDrops"));
        Assert.All(PartnerFunctions, f => Assert.Equal("anonymous", AuthLevel(f)));
    }

    private static readonly string[] PartnerFunctions = ["PartnerUpload", "PartnerStatements", "PartnerFeedback"];

    private static string[] DropIds(Answer answer) =>
        [.. answer.Json.GetProperty("drops").EnumerateArray().Select(d => d.GetProperty("dropId").GetString()!)];

    private static AuditRecord Record(string dropId, string partnerId, DateTimeOffset receivedAt) => new()
    {
        DropId = dropId,
        Path = $"{partnerId}/deals/july.csv",
        PartnerId = partnerId,
        Kind = "deals",
        FileName = "july.csv",
        ReceivedAt = receivedAt,
        CompletedAt = receivedAt,
        Outcome = "received",
    };
}
