using System.Net.Http.Json;
using System.Text.Json;
using Pipeline.LocalHost;

namespace Pipeline.Functions.Tests;

/// <summary>Calls of the app's HTTP API as a client makes them: an API key in <c>x-api-key</c>, a JSON body or a file,
/// the answer's status and JSON body (default when the body is empty or not JSON).</summary>
public static class ApiCalls
{
    private static readonly HttpClient Http = new();

    public static async Task<(int Status, JsonElement Body)> SendAsync(LocalApp app, string key, HttpMethod method, string path, object? body = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        using var request = new HttpRequestMessage(method, new Uri(app.BaseAddress, path));
        request.Headers.Add("x-api-key", key);
        if (body is not null) request.Content = JsonContent.Create(body);
        return await AnswerAsync(request);
    }

    /// <summary>A PUT of a file's bytes.</summary>
    public static async Task<(int Status, JsonElement Body)> UploadAsync(LocalApp app, string key, string path, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(app);
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(app.BaseAddress, path)) { Content = new ByteArrayContent(content) };
        request.Headers.Add("x-api-key", key);
        return await AnswerAsync(request);
    }

    private static async Task<(int Status, JsonElement Body)> AnswerAsync(HttpRequestMessage request)
    {
        using var response = await Http.SendAsync(request);
        var text = (await response.Content.ReadAsStringAsync()).TrimStart();
        return ((int)response.StatusCode, text.StartsWith('{') || text.StartsWith('[') ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }
}
