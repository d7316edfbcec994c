using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Pipeline.Functions.Hosting;

/// <summary>
/// What an HTTP function's handler reads of its request: method, URL, headers, query, route values and a small body.
/// Read once from ASP.NET Core's <see cref="HttpRequest"/> (the Functions ASP.NET Core integration in Azure, the local
/// host's Kestrel here), so handlers are plain code that tests can call directly.
/// </summary>
public sealed class HttpTriggerRequest
{
    /// <summary>Request bodies of these functions are small JSON documents or forms; anything bigger is refused unread.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public string Url { get; init; } = "";
    public string Method { get; init; } = "GET";
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
    public IReadOnlyDictionary<string, string> Query { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
    public IReadOnlyDictionary<string, string> Params { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
    public string? Body { get; init; }

    /// <summary>The body's bytes (for functions that take files; <see cref="Body"/> is their UTF-8 reading).</summary>
    public byte[] Content { get; init; } = [];

    /// <summary>The first value of a header (names match in any case).</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;

    public string? QueryValue(string name) => Query.TryGetValue(name, out var v) ? v : null;

    /// <summary>A route value, e.g. <c>id</c> of the route <c>partners/{id}/uploads</c>.</summary>
    public string? Param(string name) => Params.TryGetValue(name, out var v) ? v : null;

    /// <summary>Reads the request; null when its body is larger than <see cref="MaxBodyBytes"/>.</summary>
    public static Task<HttpTriggerRequest?> ReadAsync(HttpRequest request, IEnumerable<KeyValuePair<string, string>> routeValues, CancellationToken cancellationToken) =>
        ReadAsync(request, routeValues, MaxBodyBytes, cancellationToken);

    /// <summary>The same with another body limit (functions that take files).</summary>
    public static async Task<HttpTriggerRequest?> ReadAsync(HttpRequest request, IEnumerable<KeyValuePair<string, string>> routeValues, long maxBodyBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await ReadBodyAsync(request, maxBodyBytes, cancellationToken);
        if (body.TooLarge) return null;
        return new HttpTriggerRequest
        {
            Url = $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{request.QueryString}",
            Method = request.Method,
            Headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.FirstOrDefault() ?? "", StringComparer.OrdinalIgnoreCase),
            Query = request.Query.ToDictionary(q => q.Key, q => q.Value.FirstOrDefault() ?? "", StringComparer.OrdinalIgnoreCase),
            Params = routeValues.ToDictionary(StringComparer.OrdinalIgnoreCase),
            Body = body.Text,
            Content = body.Bytes,
        };
    }

    private static async Task<(string? Text, byte[] Bytes, bool TooLarge)> ReadBodyAsync(HttpRequest request, long maxBodyBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBodyBytes) return (null, [], true);
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBodyBytes) return (null, [], true);
        }

        return (buffer.Length == 0 ? null : Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), buffer.ToArray(), false);
    }
}

/// <summary>An HTTP function's answer: status, headers and a text body. It writes itself to the response, under the
/// Functions host's ASP.NET Core integration and the local host alike.</summary>
public sealed record HttpTriggerResponse(int StatusCode, string Body, Dictionary<string, string> Headers) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCode;
        foreach (var (name, value) in Headers) response.Headers[name] = value;
        // No response of this app may be sniffed into another type (JSON read as HTML, say).
        response.Headers.XContentTypeOptions = "nosniff";
        // A 304 or 204 has no body: writing one, even empty, is an error.
        if (StatusCode is 204 or 304 || Body.Length == 0) return;
        await response.WriteAsync(Body, context.HttpContext.RequestAborted);
    }
}

/// <summary>Runs a handler for an HTTP function: reads the request (413 when its body is too large), calls the handler.</summary>
public static class HttpTrigger
{
    public static async Task<IActionResult> RunAsync(
        HttpRequest request,
        Func<HttpTriggerRequest, CancellationToken, Task<HttpTriggerResponse>> handle,
        CancellationToken cancellationToken,
        params (string Name, string Value)[] routeValues)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var read = await HttpTriggerRequest.ReadAsync(request, routeValues.Select(v => KeyValuePair.Create(v.Name, v.Value)), cancellationToken);
        return read is null
            ? HttpResponses.Error(413, $"The request body is larger than {HttpTriggerRequest.MaxBodyBytes} bytes.")
            : await handle(read, cancellationToken);
    }

    /// <summary>The same for functions that take a file: a body up to <paramref name="maxBodyBytes"/>, refused unread
    /// (413) above it when the client says its length.</summary>
    public static async Task<IActionResult> RunAsync(
        HttpRequest request,
        long maxBodyBytes,
        Func<HttpTriggerRequest, CancellationToken, Task<IActionResult>> handle,
        CancellationToken cancellationToken,
        params (string Name, string Value)[] routeValues)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var read = await HttpTriggerRequest.ReadAsync(request, routeValues.Select(v => KeyValuePair.Create(v.Name, v.Value)), maxBodyBytes, cancellationToken);
        return read is null
            ? HttpResponses.Error(413, $"The file is larger than {maxBodyBytes:N0} bytes; nothing was stored.")
            : await handle(read, cancellationToken);
    }
}

/// <summary>A file as an answer: its bytes, type, and a download name; never rendered inline, never sniffed.</summary>
public sealed record HttpFileResponse(byte[] Content, string ContentType, string FileName) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        response.StatusCode = 200;
        response.ContentType = ContentType;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("attachment") { FileNameStar = FileName }.ToString();
        response.Headers["Content-Security-Policy"] = "default-src 'none'; sandbox";
        await response.Body.WriteAsync(Content, context.HttpContext.RequestAborted);
    }
}

/// <summary>The answers HTTP functions give: JSON bodies, errors as <c>{"error": "..."}</c>.</summary>
public static class HttpResponses
{
    private static readonly JsonSerializerOptions BodyJson = new(JsonSerializerDefaults.Web);

    public static HttpTriggerResponse Json<T>(int statusCode, T body, IReadOnlyDictionary<string, string>? headers = null)
    {
        var all = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Content-Type"] = "application/json; charset=utf-8",
            // Links in these answers are bearer credentials: no cache may keep them.
            ["Cache-Control"] = "no-store",
        };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) all[name] = value;
        return new HttpTriggerResponse(statusCode, JsonSerializer.Serialize(body, BodyJson), all);
    }

    public static HttpTriggerResponse Error(int statusCode, string message, IReadOnlyDictionary<string, string>? headers = null) =>
        Json(statusCode, new { error = message }, headers);
}
