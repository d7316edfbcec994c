using System.Reflection;
using System.Text.Json;
using Pipeline.Azure;
using Xunit;

namespace Pipeline.Functions.Tests.Deployment;

/// <summary>
/// bicep/ compiles and lints clean with the Bicep CLI from NuGet (CI runs these through `dotnet test`), the lint
/// gate really fails on a warning, the storage Bicep declares is the storage the app uses, and the compiled ARM
/// templates configure the function app, the task hub, blob data protection and the alerts as intended.
/// </summary>
public sealed class BicepTests(BicepTests.CompiledBicep bicep) : IClassFixture<BicepTests.CompiledBicep>
{
    // First run on a fresh machine restores the Bicep CLI package (~125 MB) from NuGet.
    private static readonly TimeSpan LintTimeout = TimeSpan.FromMinutes(8);

    [Fact]
    public void Every_bicep_file_builds_with_the_linter_on_and_without_a_warning()
    {
        var result = bicep.Lint;

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.DoesNotContain(" : Warning ", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(" : Error ", result.Output, StringComparison.Ordinal);
        // Every module, main.bicep and main.bicepparam were built, not an empty set.
        var expected = Directory.GetFiles(Path.Combine(ContractTests.RepoRoot(), "bicep"), "*.bicep*", SearchOption.AllDirectories).Length;
        Assert.Contains($"bicep-lint: {expected} file(s) built, no warnings", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lint_fails_on_the_warning_for_a_misspelt_property_in_a_module()
    {
        using var copy = TempDirectory.CopyOf(Path.Combine(ContractTests.RepoRoot(), "bicep"));
        var storage = Path.Combine(copy.Path, "modules", "storage.bicep");
        var text = await File.ReadAllTextAsync(storage);
        Assert.Contains("    allowSharedKeyAccess: false\n", text, StringComparison.Ordinal);
        // A misspelt property compiles to a template Azure would reject or ignore: Bicep only warns (BCP089).
        await File.WriteAllTextAsync(storage, text.Replace("    allowSharedKeyAccess: false\n", "    allowSharedKeyAcess: false\n", StringComparison.Ordinal));

        var result = await ScriptRunner.RunAsync("infra/bicep-lint.sh", [copy.Path], LintTimeout);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("modules/storage.bicep(", result.Output, StringComparison.Ordinal);
        Assert.Contains(": Warning BCP089: The property \"allowSharedKeyAcess\" is not allowed", result.Output, StringComparison.Ordinal);
        Assert.Contains("bicep-lint: FAILED", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Bicep_declares_exactly_the_containers_queues_and_tables_the_app_names()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(ContractTests.RepoRoot(), "bicep", "storage-names.json")));
        string[] Read(string property) => [.. json.RootElement.GetProperty(property).EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal)];

        Assert.Equal(Names.Containers.Order(StringComparer.Ordinal), Read("containers"));
        Assert.Equal(Names.Queues.Order(StringComparer.Ordinal), Read("queues"));
        Assert.Equal(Names.Tables.Order(StringComparer.Ordinal), Read("tables"));
        Assert.Equal(Names.Drops, json.RootElement.GetProperty("dropsContainer").GetString());
        Assert.Equal(Names.DropEventsQueue, json.RootElement.GetProperty("dropEventsQueue").GetString());
    }

    [Fact]
    public void Event_Grid_subscription_feeds_the_queue_ReceiveDrop_is_triggered_by()
    {
        // The trigger as the Worker SDK reads it into functions.metadata: [Function("ReceiveDrop")] and the
        // [QueueTrigger(queue, Connection = ...)] on one of its parameters. Read by attribute name, so the test
        // depends on the app's assembly only.
        var app = Assembly.Load("Pipeline.Functions");
        var receiveDrop = app.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Single(m => m.CustomAttributes.Any(a => a.AttributeType.Name == "FunctionAttribute" && Equals(a.ConstructorArguments[0].Value, "ReceiveDrop")));
        var trigger = receiveDrop.GetParameters().SelectMany(p => p.CustomAttributes).Single(a => a.AttributeType.Name == "QueueTriggerAttribute");
        var connection = trigger.NamedArguments.Where(a => a.MemberName == "Connection").Select(a => a.TypedValue.Value as string).SingleOrDefault();

        Assert.Equal(Names.DropEventsQueue, trigger.ConstructorArguments[0].Value);
        // No Connection means AzureWebJobsStorage, the identity-based connection Bicep configures.
        Assert.True(connection is null or "AzureWebJobsStorage", $"ReceiveDrop reads connection '{connection}'");

        // Event Grid delivers to the queue storage-names.json names (equal to Names.DropEventsQueue, above).
        var subscription = bicep.Main.Module("eventgrid").Resource("Microsoft.EventGrid/systemTopics/eventSubscriptions");
        var destination = subscription.GetProperty("properties").GetProperty("deliveryWithResourceIdentity").GetProperty("destination");
        Assert.Equal("StorageQueue", destination.GetProperty("endpointType").GetString());
        Assert.Equal("[parameters('queueName')]", destination.GetProperty("properties").GetProperty("queueName").GetString());
        Assert.Equal("[variables('appStorage').dropEventsQueue]", bicep.Main.ModuleParameter("eventgrid", "queueName").GetString());
    }

    [Fact]
    public void Notifications_go_to_an_Entra_only_topic_the_apps_identity_may_send_to_and_the_app_knows_its_endpoint()
    {
        var topic = bicep.Main.Module("notifications").Resource("Microsoft.EventGrid/topics");
        var sender = bicep.Main.Module("notifications").Resource("Microsoft.Authorization/roleAssignments");
        var settings = AppSettings(bicep.Main.Module("functionapp").Resource("Microsoft.Web/sites"));

        Assert.True(topic.GetProperty("properties").GetProperty("disableLocalAuth").GetBoolean());
        Assert.Equal("CloudEventSchemaV1_0", topic.GetProperty("properties").GetProperty("inputSchema").GetString());
        // EventGrid Data Sender, for the app's user-assigned identity.
        Assert.Contains("variables('dataSenderRoleId')", sender.GetProperty("properties").GetProperty("roleDefinitionId").GetString(), StringComparison.Ordinal);
        Assert.Equal("d5a91429-5739-47e2-a06b-3470a27159e7", bicep.Main.Module("notifications").Variable("dataSenderRoleId"));
        Assert.Equal("[parameters('notificationsTopicEndpoint')]", settings["Pipeline__Notifications__EventGridTopic"]);
        var endpoint = bicep.Main.ModuleParameter("functionapp", "notificationsTopicEndpoint").GetString();
        Assert.Contains("'notifications')", endpoint, StringComparison.Ordinal);
        Assert.EndsWith(".outputs.endpoint.value]", endpoint, StringComparison.Ordinal);
    }

    [Fact]
    public void Function_app_runs_the_dotnet_isolated_worker_on_net_10_with_identity_based_settings_only()
    {
        var site = bicep.Main.Module("functionapp").Resource("Microsoft.Web/sites");
        var runtime = site.GetProperty("properties").GetProperty("functionAppConfig").GetProperty("runtime");
        var settings = AppSettings(site);

        Assert.Equal("dotnet-isolated", runtime.GetProperty("name").GetString());
        Assert.Equal("10.0", runtime.GetProperty("version").GetString());
        // Flex Consumption takes the runtime from functionAppConfig and rejects these settings.
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", settings.Keys);
        Assert.DoesNotContain("FUNCTIONS_EXTENSION_VERSION", settings.Keys);
        // The account takes no shared key: no connection string, the identity and the service endpoints instead.
        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.Equal("[parameters('identityClientId')]", settings["AzureWebJobsStorage__clientId"]);
        foreach (var service in new[] { "blob", "queue", "table" })
            Assert.Equal($"[parameters('storageEndpoints').{service}]", settings[$"AzureWebJobsStorage__{service}ServiceUri"]);
        // Telemetry signs in as the identity (Application Insights' local auth is off).
        Assert.Equal("[parameters('appInsightsConnectionString')]", settings["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
        Assert.Equal("[format('ClientId={0};Authorization=AAD', parameters('identityClientId'))]", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
        Assert.Equal("[parameters('appName')]", settings["OTEL_SERVICE_NAME"]);
    }

    [Fact]
    public void Task_hub_name_and_partition_count_reach_the_app_settings_from_the_parameters()
    {
        var settings = AppSettings(bicep.Main.Module("functionapp").Resource("Microsoft.Web/sites"));

        // main.bicep's parameters -> the module's -> the app settings that override host.json.
        Assert.Equal("[parameters('taskHubName')]", bicep.Main.ModuleParameter("functionapp", "taskHubName").GetString());
        Assert.Equal("[parameters('controlQueueCount')]", bicep.Main.ModuleParameter("functionapp", "partitionCount").GetString());
        Assert.Equal("[parameters('taskHubName')]", settings["AzureFunctionsJobHost__extensions__durableTask__hubName"]);
        Assert.Equal("[string(parameters('partitionCount'))]", settings["AzureFunctionsJobHost__extensions__durableTask__storageProvider__partitionCount"]);

        // The defaults, the example parameters and host.json name the same hub.
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(ContractTests.RepoRoot(), "host.json")));
        var durable = host.RootElement.GetProperty("extensions").GetProperty("durableTask");
        var hubName = durable.GetProperty("hubName").GetString();
        var partitions = durable.GetProperty("storageProvider").GetProperty("partitionCount").GetInt32();
        Assert.Equal(hubName, bicep.Main.Parameter("taskHubName").GetProperty("defaultValue").GetString());
        Assert.Equal(partitions, bicep.Main.Parameter("controlQueueCount").GetProperty("defaultValue").GetInt32());
        Assert.Equal(hubName, bicep.ExampleParameters.GetProperty("taskHubName").GetProperty("value").GetString());
        Assert.Equal(partitions, bicep.ExampleParameters.GetProperty("controlQueueCount").GetProperty("value").GetInt32());
    }

    [Fact]
    public void Blob_service_keeps_versions_deleted_blobs_and_deleted_containers_for_the_retention()
    {
        var storage = bicep.Main.Module("storage");
        var blobService = storage.Resource("Microsoft.Storage/storageAccounts/blobServices").GetProperty("properties");

        Assert.True(blobService.GetProperty("isVersioningEnabled").GetBoolean());
        foreach (var policy in new[] { "deleteRetentionPolicy", "containerDeleteRetentionPolicy" })
        {
            Assert.True(blobService.GetProperty(policy).GetProperty("enabled").GetBoolean(), policy);
            Assert.Equal("[parameters('retentionInDays')]", blobService.GetProperty(policy).GetProperty("days").GetString());
        }

        // Previous versions expire after the same retention.
        var rule = storage.Resource("Microsoft.Storage/storageAccounts/managementPolicies").GetProperty("properties").GetProperty("policy").GetProperty("rules")[0];
        Assert.Equal(
            "[parameters('retentionInDays')]",
            rule.GetProperty("definition").GetProperty("actions").GetProperty("version").GetProperty("delete").GetProperty("daysAfterCreationGreaterThan").GetString());

        Assert.Equal("[parameters('blobRetentionInDays')]", bicep.Main.ModuleParameter("storage", "retentionInDays").GetString());
        Assert.Equal(30, bicep.Main.Parameter("blobRetentionInDays").GetProperty("defaultValue").GetInt32());
    }

    [Fact]
    public void Alert_rules_watch_poison_queues_and_failed_orchestrations_and_mail_only_when_an_address_is_given()
    {
        var alerts = bicep.Main.Module("alerts");
        var rules = alerts.Resources("Microsoft.Insights/scheduledQueryRules").ToList();
        string Query(JsonElement rule) => alerts.Resolve(rule.GetProperty("properties").GetProperty("criteria").GetProperty("allOf")[0].GetProperty("query"));

        Assert.Equal(2, rules.Count);
        var poison = Assert.Single(rules, r => Query(r).Contains("Moving message to queue", StringComparison.Ordinal));
        Assert.Contains("MaxDequeueCount", Query(poison), StringComparison.Ordinal);
        Assert.Contains("-poison", Query(poison), StringComparison.Ordinal);
        var failed = Assert.Single(rules, r => Query(r).Contains("prop__state", StringComparison.Ordinal));
        Assert.Contains("\"Failed\"", Query(failed), StringComparison.Ordinal);
        Assert.Contains("\"Orchestrator\"", Query(failed), StringComparison.Ordinal);

        foreach (var rule in rules)
        {
            var properties = rule.GetProperty("properties");
            Assert.Equal("LogAlert", rule.GetProperty("kind").GetString());
            Assert.Contains("'Microsoft.Insights/components'", properties.GetProperty("scopes")[0].GetString(), StringComparison.Ordinal);
            // Enabled, and mailed through the action group, exactly when alertEmail is set.
            Assert.Equal("[variables('alertsEnabled')]", properties.GetProperty("enabled").GetString());
            Assert.Contains("if(variables('alertsEnabled')", alerts.Resolve(properties.GetProperty("actions").GetProperty("actionGroups")), StringComparison.Ordinal);
        }

        Assert.Equal("[not(empty(parameters('alertEmail')))]", alerts.Variable("alertsEnabled"));
        Assert.Equal("[variables('alertsEnabled')]", alerts.Resource("Microsoft.Insights/actionGroups").GetProperty("condition").GetString());
        Assert.Equal("", bicep.Main.Parameter("alertEmail").GetProperty("defaultValue").GetString());
        Assert.Equal("[parameters('alertEmail')]", bicep.Main.ModuleParameter("alerts", "alertEmail").GetString());
    }

    private static Dictionary<string, string?> AppSettings(JsonElement site) =>
        site.GetProperty("properties").GetProperty("siteConfig").GetProperty("appSettings").EnumerateArray()
            .ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("value").GetString(), StringComparer.Ordinal);

    /// <summary>A compiled ARM template: its resources (array or symbolic-name object), module deployments with their
    /// inline templates, parameters and variables. Expressions stay as compiled text; no ARM function is evaluated.</summary>
    internal sealed class ArmTemplate(JsonElement root)
    {
        public IEnumerable<JsonElement> AllResources =>
            root.GetProperty("resources") is { ValueKind: JsonValueKind.Array } list ? list.EnumerateArray() : root.GetProperty("resources").EnumerateObject().Select(p => p.Value);

        public IEnumerable<JsonElement> Resources(string type) => AllResources.Where(r => r.GetProperty("type").GetString() == type);

        public JsonElement Resource(string type) => Assert.Single(Resources(type));

        public JsonElement Parameter(string name) => root.GetProperty("parameters").GetProperty(name);

        public string Variable(string name) => root.GetProperty("variables").GetProperty(name).GetString()!;

        /// <summary>The text of a value, through a <c>[variables('name')]</c> reference if it is one.</summary>
        public string Resolve(JsonElement value)
        {
            var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
            const string prefix = "[variables('", suffix = "')]";
            return text.StartsWith(prefix, StringComparison.Ordinal) && text.EndsWith(suffix, StringComparison.Ordinal)
                ? Variable(text[prefix.Length..^suffix.Length])
                : text;
        }

        private JsonElement Deployment(string name) =>
            Assert.Single(Resources("Microsoft.Resources/deployments"), d => d.GetProperty("name").GetString() == name);

        public ArmTemplate Module(string name) => new(Deployment(name).GetProperty("properties").GetProperty("template"));

        public JsonElement ModuleParameter(string module, string name) =>
            Deployment(module).GetProperty("properties").GetProperty("parameters").GetProperty(name).GetProperty("value");
    }

    /// <summary>Runs infra/bicep-lint.sh once for the class, keeping the compiled templates (main.json with its modules
    /// inline, and main.bicepparam's parameters).</summary>
    public sealed class CompiledBicep : IAsyncLifetime, IDisposable
    {
        private readonly TempDirectory _out = TempDirectory.Create();
        private JsonDocument? _main;
        private JsonDocument? _parameters;

        internal ScriptRunner.Result Lint { get; private set; } = new(-1, "", "");

        internal ArmTemplate Main => new(_main?.RootElement ?? throw new InvalidOperationException("bicep-lint.sh did not compile main.bicep:\n" + Lint.Output));

        /// <summary>The <c>parameters</c> object main.bicepparam compiles to.</summary>
        internal JsonElement ExampleParameters => _parameters?.RootElement.GetProperty("parameters") ?? throw new InvalidOperationException("bicep-lint.sh did not compile main.bicepparam:\n" + Lint.Output);

        public async Task InitializeAsync()
        {
            Lint = await ScriptRunner.RunAsync("infra/bicep-lint.sh", ["--json", _out.Path], LintTimeout);
            var main = Path.Combine(_out.Path, "main.json");
            var parameters = Path.Combine(_out.Path, "params", "main.json");
            if (File.Exists(main)) _main = JsonDocument.Parse(await File.ReadAllTextAsync(main));
            if (File.Exists(parameters)) _parameters = JsonDocument.Parse(await File.ReadAllTextAsync(parameters));
        }

        public Task DisposeAsync() => Task.CompletedTask;

        public void Dispose()
        {
            _main?.Dispose();
            _parameters?.Dispose();
            _out.Dispose();
        }
    }
}
