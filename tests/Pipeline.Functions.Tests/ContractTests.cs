using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Functions.Hosting;
using Pipeline.Storage;
using Pipeline.Storage.Drops;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Functions.Tests;

/// <summary>
/// The custom-handler contract, exercised the way the Functions host does: POST /{FunctionName} with the payloads
/// it sends for each trigger type, expecting {"Outputs","Logs","ReturnValue"}.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class ContractTests(AzuriteFixture azurite)
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task Queue_trigger_invocation_receives_the_drop_and_answers_with_logs_and_return_value()
    {
        await using var app = await TestApp.StartAsync(azurite.NewConnectionString(), underFunctionsHost: true);
        await TestConfig.SeedAsync(app.Storage, "p-1");
        var blob = app.Storage.Container(Names.Drops).GetBlobClient("p-1/deals/july.csv");
        var uploaded = await blob.UploadAsync(BinaryData.FromString(TestConfig.DealsCsv("D1")));
        var message = BlobCreatedEvents.Create(blob.Uri, Names.Drops, blob.Name, uploaded.Value.ETag.ToString(), 30, DateTimeOffset.UtcNow);

        // What the host posts for a queueTrigger: the message text as a JSON string, queue metadata beside it.
        var payload = new JsonObject
        {
            ["Data"] = new JsonObject { ["message"] = message },
            ["Metadata"] = new JsonObject
            {
                ["DequeueCount"] = 1,
                ["Id"] = "5a0b5b2f-8d5c-4a3e-9d3c-0f7e3c1d2b1a",
                ["InsertionTime"] = "2026-07-02T10:00:00+00:00",
                ["sys"] = new JsonObject { ["MethodName"] = "ReceiveDrop", ["UtcNow"] = "2026-07-02T10:00:01Z" },
            },
        };
        var response = await Http.PostAsJsonAsync(new Uri(app.BaseAddress, "ReceiveDrop"), payload);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.NotNull(body!["Outputs"]);
        Assert.Contains("accepted", body["Logs"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("accepted", body["ReturnValue"]!["Outcome"]!.GetValue<string>());
        var sha = body["ReturnValue"]!["Sha256"]!.GetValue<string>();
        var raw = await app.Storage.Container(Names.Raw).GetBlobClient(sha).DownloadContentAsync();
        Assert.Equal(TestConfig.DealsCsv("D1"), raw.Value.Content.ToString());
    }

    [Fact]
    public async Task Timer_trigger_invocation_runs_the_sweep()
    {
        await using var app = await TestApp.StartAsync(azurite.NewConnectionString(), underFunctionsHost: true);
        var payload = """
            {"Data":{"timer":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":{"Last":"2026-07-02T09:55:00Z","Next":"2026-07-02T10:05:00Z","LastUpdated":"2026-07-02T10:00:00Z"},"IsPastDue":false}},
             "Metadata":{"sys":{"MethodName":"SweepDrops","UtcNow":"2026-07-02T10:00:00Z"}}}
            """;
        var response = await Http.PostAsync(new Uri(app.BaseAddress, "SweepDrops"), new StringContent(payload, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.StartsWith("Swept 0 drop(s)", body!["Logs"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_trigger_invocation_answers_with_the_res_output()
    {
        await using var app = await TestApp.StartAsync(azurite.NewConnectionString(), underFunctionsHost: true);
        var payload = """
            {"Data":{"req":{"Url":"http://localhost:7071/api/health","Method":"GET","Query":{},"Headers":{"Accept":["application/json"]},"Params":{},"Body":null}},
             "Metadata":{"sys":{"MethodName":"Health","UtcNow":"2026-07-02T10:00:00Z"}}}
            """;
        var response = await Http.PostAsync(new Uri(app.BaseAddress, "Health"), new StringContent(payload, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        var res = body!["Outputs"]!["res"]!;
        Assert.Equal(200, res["statusCode"]!.GetValue<int>());
        var health = JsonDocument.Parse(res["body"]!.GetValue<string>()).RootElement;
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Contains("ReceiveDrop", health.GetProperty("functions").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public async Task Unknown_function_and_malformed_payload_are_refused_with_a_reason()
    {
        await using var app = await TestApp.StartAsync(azurite.NewConnectionString(), underFunctionsHost: true);

        var unknown = await Http.PostAsync(new Uri(app.BaseAddress, "NoSuchFunction"), new StringContent("{}"));
        var malformed = await Http.PostAsync(new Uri(app.BaseAddress, "ReceiveDrop"), new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("NoSuchFunction", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("not valid JSON", await malformed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_that_is_not_an_event_is_answered_once_and_not_retried()
    {
        await using var app = await TestApp.StartAsync(azurite.NewConnectionString(), underFunctionsHost: true);
        var payload = new JsonObject { ["Data"] = new JsonObject { ["message"] = "hello" }, ["Metadata"] = new JsonObject { ["DequeueCount"] = 1 } };

        var response = await Http.PostAsJsonAsync(new Uri(app.BaseAddress, "ReceiveDrop"), payload);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("not a BlobCreated event", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_function_json_has_a_handler_and_every_handler_a_function_json()
    {
        await using var app = await TestApp.StartAsync(azurite.NewConnectionString(), underFunctionsHost: true);
        var declared = app.Services.GetRequiredService<FunctionCatalog>().Definitions.Select(d => d.Name).Order().ToList();
        var handled = app.Services.GetServices<IFunction>().Select(f => f.Name).Order().ToList();

        Assert.NotEmpty(declared);
        Assert.Equal(declared, handled);
    }

    [Fact]
    public void Every_function_json_in_the_source_tree_declares_a_trigger_this_app_supports()
    {
        var source = Path.Combine(RepoRoot(), "functions", "Pipeline.Functions", "Bindings");
        var definitions = FunctionDefinition.LoadAll(source);

        Assert.Equal(Directory.GetDirectories(source).Length, definitions.Count);
        Assert.All(definitions, d => Assert.True(d.Trigger != TriggerKind.Queue || !string.IsNullOrEmpty(d.QueueName), $"{d.Name} has no queueName"));
        Assert.All(definitions, d => Assert.True(d.Trigger != TriggerKind.Timer || !string.IsNullOrEmpty(d.Schedule), $"{d.Name} has no schedule"));
    }

    [Fact]
    public async Task The_engine_queue_functions_listen_on_exactly_the_task_hub_queues()
    {
        await using var app = await TestApp.StartAsync(azurite.NewConnectionString(), underFunctionsHost: true);
        var hub = app.Services.GetRequiredService<Pipeline.Orchestration.Storage.OrchestrationStorage>().Names;
        var listened = app.Services.GetRequiredService<FunctionCatalog>().Definitions
            .Where(d => d.Name.StartsWith("Orchestration", StringComparison.Ordinal))
            .Select(d => d.QueueName!).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(hub.ControlQueues.Append(hub.WorkItemQueue).Order(StringComparer.Ordinal), listened);
    }

    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "host.json")) && Directory.Exists(Path.Combine(dir.FullName, "functions"))) return dir.FullName;
        }

        throw new InvalidOperationException("Repository root not found.");
    }
}
