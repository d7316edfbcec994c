using System.Net;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Functions.Tests.Access;

/// <summary>The httpTrigger functions also answer plain HTTP at /api/{route} (curl against the local app), through
/// the same handlers as the host's invocations.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class PlainHttpTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Routes_and_methods_come_from_the_functions_http_triggers()
    {
        await using var h = await AccessHarness.StartAsync(azurite);
        var key = await h.PartnerKeyAsync("p-1");

        var health = await h.GetAsync("api/health", null);
        var wrongMethod = await h.GetAsync("api/partners/p-1/uploads", key);
        var unknownRoute = await h.GetAsync("api/partners/p-1/invoices", key);

        Assert.Equal(HttpStatusCode.OK, health.Status);
        Assert.Equal("ok", health.Json.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.Status);
        Assert.Equal(HttpStatusCode.NotFound, unknownRoute.Status);
    }

    [Fact]
    public async Task Direct_handler_calls_and_http_requests_give_the_same_answer()
    {
        await using var h = await AccessHarness.StartAsync(azurite);
        await h.PutAsync(Pipeline.Azure.Names.Feedback, "p-1/deals/july.csv.json", "{}");
        var key = await h.PartnerKeyAsync("p-1");

        var direct = await h.GetAsync("api/partners/p-1/feedback", key);
        var viaHost = await h.InvokeAsync("PartnerFeedback", "GET", "api/partners/p-1/feedback", new Dictionary<string, string> { ["id"] = "p-1" }, key);

        Assert.Equal(HttpStatusCode.OK, direct.Status);
        Assert.Equal(HttpStatusCode.OK, viaHost.Status);
        string[] Names(Answer a) => [.. a.Json.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("name").GetString()!)];
        Assert.Equal(["p-1/deals/july.csv.json"], Names(direct));
        Assert.Equal(Names(direct), Names(viaHost));
    }

    [Fact]
    public async Task An_oversized_body_is_refused_unread()
    {
        await using var h = await AccessHarness.StartAsync(azurite);
        var key = await h.PartnerKeyAsync("p-1");

        var answer = await h.PostAsync("api/partners/p-1/uploads", key, new string(' ', Pipeline.Functions.Hosting.HttpTriggerRequest.MaxBodyBytes + 1));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.Status);
    }
}
