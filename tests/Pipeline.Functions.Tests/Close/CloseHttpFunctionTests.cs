using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Access;
using Pipeline.Testing;
using Pipeline.LocalHost;
using Xunit;

namespace Pipeline.Functions.Tests.Close;

/// <summary>The finance HTTP functions of the close over HTTP: start, status, decide, with the finance key checks.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class CloseHttpFunctionTests(AzuriteFixture azurite)
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task Start_is_idempotent_per_quarter_and_status_reports_the_instance()
    {
        await using var app = await TestApp.StartAsync(azurite.NewConnectionString(), triggers: false);
        var keys = app.Services.GetRequiredService<ApiKeyStore>();
        var approver = (await keys.IssueFinanceKeyAsync("ana", ApiKeyRoles.Approver)).Key;
        ApiKey = approver;

        var notStarted = await InvokeAsync(app, "CloseStatus", "GET", "2026Q3");
        var first = await InvokeAsync(app, "CloseStart", "POST", "2026Q3");
        var second = await InvokeAsync(app, "CloseStart", "POST", "2026Q3");
        var status = await InvokeAsync(app, "CloseStatus", "GET", "2026Q3");
        var badQuarter = await InvokeAsync(app, "CloseStatus", "GET", "2026Q9");
        var badDecision = await InvokeAsync(app, "CloseDecide", "POST", "2026Q3", """{"partner":"r-1","action":"pay-twice","reason":"x","by":"ana"}""");
        var hugeAdjustment = await InvokeAsync(app, "CloseDecide", "POST", "2026Q3", """{"partner":"r-1","action":"adjust","amount":79228162514264337593543950335,"reason":"x"}""");
        var notWaiting = await InvokeAsync(app, "CloseDecide", "POST", "2026Q3", """{"partner":"r-1","action":"release","reason":"checked"}""");
        var future = await InvokeAsync(app, "CloseStart", "POST", "2099Q1");
        var twoPartners = await InvokeAsync(app, "CloseDecide", "POST", "2026Q3", """{"partner":"r-1","partner":"r-2","action":"release","reason":"x"}""");

        Assert.Equal(404, notStarted.Status);
        Assert.Equal((202, true), (first.Status, first.Body.GetProperty("created").GetBoolean()));
        Assert.Equal((200, false), (second.Status, second.Body.GetProperty("created").GetBoolean()));
        Assert.Equal("close-2026Q3", status.Body.GetProperty("instanceId").GetString());
        Assert.Equal(400, badQuarter.Status);
        Assert.Equal(400, badDecision.Status);
        Assert.Equal(400, hugeAdjustment.Status);
        Assert.StartsWith("An adjustment is an amount in USD", hugeAdjustment.Body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(409, notWaiting.Status);
        Assert.StartsWith("The close of 2026Q3 is not waiting for finance", notWaiting.Body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(400, twoPartners.Status);
        Assert.Contains("partner", twoPartners.Body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(409, future.Status);
        Assert.Equal("The quarter 2099Q1 has not ended (it ends on 2099-03-31); it can be closed from 2099-04-01.", future.Body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Close_endpoints_refuse_no_key_a_partner_key_and_a_reader_acting()
    {
        await using var app = await TestApp.StartAsync(azurite.NewConnectionString(), triggers: false);
        var keys = app.Services.GetRequiredService<ApiKeyStore>();
        var partner = (await keys.IssuePartnerKeyAsync("r-1")).Key;
        var reader = (await keys.IssueFinanceKeyAsync("rita", ApiKeyRoles.Reader)).Key;

        ApiKey = null;
        var none = await InvokeAsync(app, "CloseStart", "POST", "2026Q3");
        ApiKey = partner;
        var asPartner = await InvokeAsync(app, "CloseStatus", "GET", "2026Q3");
        ApiKey = reader;
        var readerStarts = await InvokeAsync(app, "CloseStart", "POST", "2026Q3");
        var readerReads = await InvokeAsync(app, "CloseStatus", "GET", "2026Q3");

        Assert.Equal(401, none.Status);
        Assert.Equal(403, asPartner.Status);
        Assert.Equal(403, readerStarts.Status);
        Assert.Equal(404, readerReads.Status); // allowed to read; the close simply has not started
    }

    [Fact]
    public async Task Decisions_and_approvals_record_the_keys_owner_whatever_name_the_body_gives()
    {
        await using var app = await TestApp.StartAsync(azurite.NewConnectionString());
        await TestConfig.SeedAsync(app.Storage, "r-1", "r-2", "r-3");
        await app.Storage.Container(Pipeline.Azure.Names.Drops).GetBlobClient("r-1/deals/q3.csv").UploadAsync(BinaryData.FromString(TestConfig.DealsCsv("A-1", "DUP-1")));
        await app.Storage.Container(Pipeline.Azure.Names.Drops).GetBlobClient("r-2/deals/q3.csv").UploadAsync(BinaryData.FromString(TestConfig.DealsCsv("B-1", "DUP-1")));
        await app.Storage.Container(Pipeline.Azure.Names.Drops).GetBlobClient("r-3/deals/q3.csv").UploadAsync(BinaryData.FromString(TestConfig.DealsCsv("C-1", "DUP-1")));
        var keys = app.Services.GetRequiredService<ApiKeyStore>();
        var ana = (await keys.IssueFinanceKeyAsync("ana", ApiKeyRoles.Approver)).Key;
        var ben = (await keys.IssueFinanceKeyAsync("ben", ApiKeyRoles.Approver)).Key;
        ApiKey = ana;
        Assert.Equal(202, (await InvokeAsync(app, "CloseStart", "POST", "2026Q3")).Status);
        await Eventually.GetAsync(() => app.Closes.StatusAsync(Domain.Quarter.Parse("2026Q3")), s => Pipeline.Functions.Close.CloseClient.Waiting(s) is { Count: 3 }, TimeSpan.FromSeconds(60));

        var decided = await InvokeAsync(app, "CloseDecide", "POST", "2026Q3", """{"partner":"r-1","action":"release","reason":"checked","by":"mallory"}""");
        ApiKey = ben;
        var adjusted = await InvokeAsync(app, "CloseDecide", "POST", "2026Q3", """{"partner":"r-2","action":"adjust","amount":-10,"reason":"fee","by":"ana"}""");
        await Eventually.GetAsync(() => app.Closes.StatusAsync(Domain.Quarter.Parse("2026Q3")), s => Pipeline.Functions.Close.CloseClient.Waiting(s) is ["r-3"]);
        var approved = await InvokeAsync(app, "CloseApprove", "POST", "2026Q3", """{"reason":"as computed","by":"mallory"}""");

        Assert.Equal((202, "ana"), (decided.Status, decided.Body.GetProperty("by").GetString()));
        Assert.Equal((202, "ben"), (adjusted.Status, adjusted.Body.GetProperty("by").GetString()));
        Assert.Equal((202, "ben"), (approved.Status, approved.Body.GetProperty("by").GetString()));
        var recorded = await Eventually.GetAsync(() => new Pipeline.Close.DecisionStore(app.Storage).ReadAsync(Domain.Quarter.Parse("2026Q3")), d => d.Count == 3);
        Assert.Equal([("r-1", "ana"), ("r-2", "ben"), ("*", "ben")], recorded.Select(d => (d.Partner, d.By)));
    }

    private string? ApiKey { get; set; }

    private async Task<(int Status, JsonElement Body)> InvokeAsync(LocalApp app, string function, string method, string quarter, string? body = null)
    {
        var path = function switch
        {
            "CloseStatus" => $"api/finance/closes/{quarter}",
            "CloseStart" => $"api/finance/closes/{quarter}/start",
            "CloseDecide" => $"api/finance/closes/{quarter}/decisions",
            "CloseApprove" => $"api/finance/closes/{quarter}/approve",
            _ => throw new ArgumentException(function),
        };
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(app.BaseAddress, path));
        if (ApiKey is not null) request.Headers.Add("x-api-key", ApiKey);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Http.SendAsync(request);
        return ((int)response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }
}
