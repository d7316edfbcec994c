using System.Net;
using System.Text.Json;
using Pipeline.Functions.Close;
using Pipeline.LocalHost;
using Pipeline.Azure;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Functions.Tests;

/// <summary>
/// What Azure will run: the <c>functions.metadata</c> the Worker SDK generates from the app's attributes at build
/// time is what the Functions host indexes. Every function's trigger and bindings are checked here, and the local
/// host must discover exactly the same functions from the same attributes.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class ContractTests(AzuriteFixture azurite)
{
    private static readonly HttpClient Http = new();

    /// <summary>name → trigger type, then the trigger's queue / schedule / "authLevel methods route", and whether the
    /// function also takes the Durable client.</summary>
    private static readonly Dictionary<string, (string Trigger, string Detail, bool DurableClient)> Expected = new()
    {
        ["Health"] = ("httpTrigger", "Anonymous get api/health", false),
        ["PartnerUpload"] = ("httpTrigger", "Anonymous post api/partners/{id}/uploads", false),
        ["PartnerStatements"] = ("httpTrigger", "Anonymous get api/partners/{id}/statements", false),
        ["PartnerFeedback"] = ("httpTrigger", "Anonymous get api/partners/{id}/feedback", false),
        ["PartnerScorecard"] = ("httpTrigger", "Anonymous get partners/{id}", false),
        ["PartnerScorecardData"] = ("httpTrigger", "Anonymous get api/partners/{id}/scorecard", false),
        ["PartnerFile"] = ("httpTrigger", "Anonymous get partners/{id}/file", false),
        ["FinanceDrops"] = ("httpTrigger", "Function get api/finance/drops", false),
        ["FinanceConsole"] = ("httpTrigger", "Anonymous get finance", true),
        ["FinanceDecision"] = ("httpTrigger", "Anonymous post finance/closes/{quarter}/decisions", true),
        ["FinanceFile"] = ("httpTrigger", "Anonymous get finance/file", false),
        ["WebAsset"] = ("httpTrigger", "Anonymous get web/{file}", false),
        ["WebSignIn"] = ("httpTrigger", "Anonymous get,post auth/sign-in", false),
        ["WebSignOut"] = ("httpTrigger", "Anonymous post auth/sign-out", false),
        [CloseHttpFunctions.Start] = ("httpTrigger", "Function post api/finance/closes/{quarter}/start", true),
        [CloseHttpFunctions.Status] = ("httpTrigger", "Function get api/finance/closes/{quarter}", true),
        [CloseHttpFunctions.Decide] = ("httpTrigger", "Function post api/finance/closes/{quarter}/decisions", true),
        [CloseHttpFunctions.Approve] = ("httpTrigger", "Function post api/finance/closes/{quarter}/approve", true),
        ["PartnerWebhook"] = ("httpTrigger", "Anonymous get,put,delete api/partners/{id}/webhook", false),
        ["PartnerWebhookRotate"] = ("httpTrigger", "Anonymous post api/partners/{id}/webhook/rotate", false),
        ["PartnerNotifications"] = ("httpTrigger", "Anonymous get api/partners/{id}/notifications", false),
        ["PartnerInquiries"] = ("httpTrigger", "Anonymous get,post api/partners/{id}/inquiries", false),
        ["PartnerInquiry"] = ("httpTrigger", "Anonymous get api/partners/{id}/inquiries/{inquiry}", false),
        ["PartnerInquiryMessage"] = ("httpTrigger", "Anonymous post api/partners/{id}/inquiries/{inquiry}/messages", false),
        ["PartnerInquiryEvidence"] = ("httpTrigger", "Anonymous get,put api/partners/{id}/inquiries/{inquiry}/evidence/{name}", false),
        ["PartnerInquiryForm"] = ("httpTrigger", "Anonymous post partners/{id}/inquiries", false),
        ["FinanceInquiryForm"] = ("httpTrigger", "Anonymous post finance/inquiries/{partner}/{inquiry}", false),
        ["FinanceInquiryEvidenceFile"] = ("httpTrigger", "Anonymous get finance/inquiries/{partner}/{inquiry}/evidence/{name}", false),
        ["FinanceInquiries"] = ("httpTrigger", "Function get api/finance/inquiries", false),
        ["FinanceInquiry"] = ("httpTrigger", "Function get api/finance/inquiries/{partner}/{inquiry}", false),
        ["FinanceInquiryEvidence"] = ("httpTrigger", "Function get api/finance/inquiries/{partner}/{inquiry}/evidence/{name}", false),
        ["FinanceInquiryAct"] = ("httpTrigger", "Function post api/finance/inquiries/{partner}/{inquiry}/{action}", false),
        ["DeliverNotification"] = ("queueTrigger", Names.NotificationDeliveriesQueue, false),
        ["SweepNotifications"] = ("timerTrigger", "0 */5 * * * *", false),
        ["ReceiveDrop"] = ("queueTrigger", Names.DropEventsQueue, false),
        ["SweepDrops"] = ("timerTrigger", "0 */5 * * * *", false),
        [CloseQuarterTimerFunction.Name] = ("timerTrigger", "0 0 6 * * *", true),
        [CloseOrchestrator.Name] = ("orchestrationTrigger", "", false),
        [CloseActivities.PendingDrops] = ("activityTrigger", "", false),
        [CloseActivities.Freeze] = ("activityTrigger", "", false),
        [CloseActivities.ComputeBatch] = ("activityTrigger", "", false),
        [CloseActivities.Anomalies] = ("activityTrigger", "", false),
        [CloseActivities.Decisions] = ("activityTrigger", "", false),
        [CloseActivities.RecordDecision] = ("activityTrigger", "", false),
        [CloseActivities.Notify] = ("activityTrigger", "", false),
        [CloseActivities.Statements] = ("activityTrigger", "", false),
        [CloseActivities.Publish] = ("activityTrigger", "", false),
        [CloseActivities.Record] = ("activityTrigger", "", false),
    };

    private static JsonElement[] Metadata()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "functions.metadata");
        Assert.True(File.Exists(path), $"the Worker SDK wrote no {path}");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return [.. doc.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    private static (string Trigger, string Detail, bool DurableClient) Declared(JsonElement function)
    {
        var bindings = function.GetProperty("bindings").EnumerateArray().ToList();
        var trigger = bindings.Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
        string? Text(string name) => trigger.TryGetProperty(name, out var v) ? v.GetString() : null;
        var type = Text("type")!;
        var detail = type switch
        {
            "httpTrigger" => $"{Text("authLevel")} {string.Join(',', trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()))} {Text("route")}",
            "queueTrigger" => Text("queueName")!,
            "timerTrigger" => Text("schedule")!,
            _ => "",
        };
        return (type, detail, bindings.Any(b => b.GetProperty("type").GetString() == "durableClient"));
    }

    [Fact]
    public void Functions_metadata_declares_every_function_with_its_trigger_and_bindings()
    {
        var metadata = Metadata();
        var declared = metadata.ToDictionary(f => f.GetProperty("name").GetString()!, Declared);

        Assert.Equal(Expected.Keys.Order(StringComparer.Ordinal), declared.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, expected) in Expected) Assert.Equal((name, expected), (name, declared[name]));
        Assert.All(metadata, f =>
        {
            Assert.Equal("dotnet-isolated", f.GetProperty("language").GetString());
            Assert.Equal("Pipeline.Functions.dll", f.GetProperty("scriptFile").GetString());
        });
        // The queue trigger reads the app's storage connection, the one the Durable extension and the app use.
        var receive = metadata.Single(f => f.GetProperty("name").GetString() == "ReceiveDrop").GetProperty("bindings")[0];
        Assert.Equal(StorageSettings.ConnectionName, receive.GetProperty("connection").GetString());
    }

    [Fact]
    public void The_local_host_discovers_the_same_functions_and_triggers_as_the_metadata()
    {
        var index = FunctionIndex.ForApp();
        var declared = Metadata().ToDictionary(f => f.GetProperty("name").GetString()!, Declared);

        Assert.Equal(declared.Keys.Order(StringComparer.Ordinal), index.All.Select(f => f.Name));
        foreach (var f in index.All)
        {
            var detail = f.Trigger switch
            {
                TriggerKind.Http => $"{f.Http.AuthLevel} {string.Join(',', f.Http.Methods ?? [])} {f.Http.Route}",
                TriggerKind.Queue => f.Queue.QueueName,
                TriggerKind.Timer => f.Timer.Schedule,
                _ => "",
            };
            Assert.Equal((f.Name, declared[f.Name].Detail), (f.Name, detail));
        }
    }

    [Fact]
    public async Task Only_http_functions_answer_over_http_and_no_function_can_be_invoked_by_name()
    {
        await using var app = await TestApp.StartAsync(azurite.NewConnectionString(), triggers: false);

        using var health = await Http.GetAsync(new Uri(app.BaseAddress, "api/health"));
        var body = JsonDocument.Parse(await health.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(Expected.Keys.Order(StringComparer.Ordinal), body.GetProperty("functions").EnumerateArray().Select(f => f.GetString()!));
        Assert.Equal("nosniff", health.Headers.GetValues("X-Content-Type-Options").Single());

        // A queue, timer, orchestrator or activity function has no HTTP route, whatever the body.
        foreach (var name in new[] { "ReceiveDrop", "SweepDrops", CloseOrchestrator.Name, CloseActivities.RecordDecision, "CloseQuarterTimer" })
        {
            using var response = await Http.PostAsync(new Uri(app.BaseAddress, name), new StringContent("""{"Data":{}}""", System.Text.Encoding.UTF8, "text/plain"));
            Assert.Equal((name, HttpStatusCode.NotFound), (name, response.StatusCode));
        }

        using var wrongMethod = await Http.DeleteAsync(new Uri(app.BaseAddress, "api/health"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
    }

    [Fact]
    public async Task A_queue_message_that_is_not_an_event_is_consumed_once_and_not_retried()
    {
        await using var app = await TestApp.StartAsync(azurite.NewConnectionString());
        var queue = app.Storage.Queue(Names.DropEventsQueue);
        await queue.SendMessageAsync("hello");

        var left = await Eventually.GetAsync(async () => (await queue.PeekMessageAsync()).Value, m => m is null);
        await Task.Delay(500);

        Assert.Null(left);
        Assert.Null((await app.Storage.Queue(Names.DropEventsQueue + "-poison").PeekMessageAsync()).Value);
        Assert.Empty(await TestAudit.AllAsync(app.Storage));
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
