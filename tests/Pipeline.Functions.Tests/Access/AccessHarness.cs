using Pipeline.LocalHost;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Functions.Access;
using Pipeline.Functions.Hosting;
using Pipeline.Azure;
using Pipeline.Access;
using Pipeline.Testing;

namespace Pipeline.Functions.Tests.Access;

/// <summary>An HTTP answer from the app, whichever way it was called.</summary>
public sealed record Answer(HttpStatusCode Status, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
    public string Error => Json.GetProperty("error").GetString()!;
}

/// <summary>The function app on its own storage account, with its logs captured, and the calls a partner or
/// finance makes: plain HTTP at /api/..., or the function's handler called directly.</summary>
public sealed class AccessHarness : IAsyncDisposable
{
    public static readonly HttpClient Http = new();

    private AccessHarness(LocalApp app, CapturedLogs logs)
    {
        App = app;
        Logs = logs;
    }

    public LocalApp App { get; }
    public CapturedLogs Logs { get; }
    public StorageAccount Storage => App.Storage;
    public ApiKeyStore Keys => App.Services.GetRequiredService<ApiKeyStore>();

    /// <summary><paramref name="localTriggers"/>: the local trigger host runs (drops are announced and received).</summary>
    public static async Task<AccessHarness> StartAsync(AzuriteFixture azurite, bool localTriggers = false)
    {
        var logs = new CapturedLogs();
        var app = await TestApp.StartAsync(azurite.NewConnectionString(), triggers: localTriggers, services: s => s.AddSingleton<ILoggerProvider>(logs));
        return new AccessHarness(app, logs);
    }

    public async Task<string> PartnerKeyAsync(string partnerId) => (await Keys.IssuePartnerKeyAsync(partnerId)).Key;

    public async Task<string> FinanceKeyAsync(string name = "fiona", string role = ApiKeyRoles.Reader) => (await Keys.IssueFinanceKeyAsync(name, role)).Key;

    /// <summary>A key issued <paramref name="ago"/> for <paramref name="lifetime"/>: expired when ago &gt; lifetime.</summary>
    public async Task<string> PartnerKeyIssuedAsync(string partnerId, TimeSpan ago, TimeSpan lifetime) =>
        (await new ApiKeyStore(Storage, new FakeTimeProvider(DateTimeOffset.UtcNow - ago)).IssuePartnerKeyAsync(partnerId, lifetime)).Key;

    public Task<Answer> GetAsync(string path, string? key) => SendAsync(HttpMethod.Get, path, key, null);

    public Task<Answer> PostAsync(string path, string? key, string body) => SendAsync(HttpMethod.Post, path, key, body);

    public Task<Answer> RequestUploadAsync(string partnerId, string? key, string fileName, string kind = "deals") =>
        PostAsync($"api/partners/{partnerId}/uploads", key, JsonSerializer.Serialize(new { fileName, kind }));

    /// <summary>An upload link for the partner; fails the test if there is none.</summary>
    public async Task<Uri> UploadUrlAsync(string partnerId, string key, string fileName = "july.csv")
    {
        var answer = await RequestUploadAsync(partnerId, key, fileName);
        if (answer.Status != HttpStatusCode.OK) throw new InvalidOperationException($"no upload link: {answer.Status} {answer.Body}");
        return new Uri(answer.Json.GetProperty("uploadUrl").GetString()!);
    }

    /// <summary>The function's handler called in process, without the HTTP pipeline, with the request a TLS-terminating
    /// front end would pass on (an https URL, the header names as the client sent them).</summary>
    public async Task<Answer> InvokeAsync(string function, string method, string path, IReadOnlyDictionary<string, string> routeValues, string? key, string? body = null)
    {
        var entry = App.Get<FunctionIndex>().All.Single(f => f.Name == function);
        var handler = ActivatorUtilities.GetServiceOrCreateInstance(App.Services, entry.Method.DeclaringType!);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Accept"] = "application/json" };
        if (key is not null) headers["X-Api-Key"] = key;
        var request = new HttpTriggerRequest
        {
            Url = $"https://payouts.example.net/{path}",
            Method = method,
            Headers = headers,
            Params = routeValues.ToDictionary(StringComparer.OrdinalIgnoreCase),
            Body = body,
        };
        var handle = entry.Method.DeclaringType!.GetMethod("HandleAsync", [typeof(HttpTriggerRequest), typeof(CancellationToken)])
            ?? throw new InvalidOperationException($"{function} has no HandleAsync(HttpTriggerRequest, CancellationToken).");
        var response = await (Task<HttpTriggerResponse>)handle.Invoke(handler, [request, CancellationToken.None])!;
        return new Answer((HttpStatusCode)response.StatusCode, response.Body);
    }

    public async Task PutAsync(string container, string blobName, string content) =>
        await Storage.Container(container).GetBlobClient(blobName).UploadAsync(BinaryData.FromString(content), overwrite: true);

    public async Task<List<string>> BlobNamesAsync(string container)
    {
        var names = new List<string>();
        await foreach (var blob in Storage.Container(container).GetBlobsAsync()) names.Add(blob.Name);
        return names;
    }

    private async Task<Answer> SendAsync(HttpMethod method, string path, string? key, string? body)
    {
        using var request = new HttpRequestMessage(method, new Uri(App.BaseAddress, path));
        if (key is not null) request.Headers.Add(AccessControl.ApiKeyHeader, key);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Http.SendAsync(request);
        return new Answer(response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}

/// <summary>Raw HTTP against a SAS URL, as a partner's script would do it (no SDK).</summary>
public static class RawBlob
{
    public static async Task<HttpStatusCode> PutAsync(Uri url, string content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new StringContent(content) };
        request.Headers.Add("x-ms-blob-type", "BlockBlob");
        using var response = await AccessHarness.Http.SendAsync(request);
        return response.StatusCode;
    }

    public static async Task<(HttpStatusCode Status, string Body)> GetAsync(Uri url)
    {
        using var response = await AccessHarness.Http.GetAsync(url);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static async Task<HttpStatusCode> DeleteAsync(Uri url)
    {
        using var response = await AccessHarness.Http.DeleteAsync(url);
        return response.StatusCode;
    }

    /// <summary>The same signature on another blob's URL: what an attacker holding one link would try.</summary>
    public static Uri WithBlobName(Uri sasUrl, string blobName) =>
        new global::Azure.Storage.Blobs.BlobUriBuilder(sasUrl) { BlobName = blobName }.ToUri();

    public static Uri WithContainer(Uri sasUrl, string container, string blobName) =>
        new global::Azure.Storage.Blobs.BlobUriBuilder(sasUrl) { BlobContainerName = container, BlobName = blobName }.ToUri();
}
