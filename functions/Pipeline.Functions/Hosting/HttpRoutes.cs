using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Pipeline.Functions.Hosting;

/// <summary>
/// Plain HTTP for the httpTrigger functions: <c>/{routePrefix}/{route}</c> as declared in their function.json, so
/// <c>curl http://127.0.0.1:7071/api/partners/p-1/statements</c> works against the local app, and so does the
/// Functions host with <c>enableForwardingHttpRequest</c>. Each request is turned into the <c>req</c> binding the
/// host would send and goes through the same <see cref="FunctionDispatcher"/>: one implementation per function.
/// The host's function keys (<c>authLevel: function</c>) are checked by the host in Azure, not here.
/// </summary>
public static class HttpRoutes
{
    /// <summary>Request bodies of these functions are small JSON documents; anything bigger is refused unread.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    private static readonly string[] AllMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

    public static IEndpointRouteBuilder MapHttpTriggerRoutes(this IEndpointRouteBuilder endpoints, string routePrefix)
    {
        var catalog = endpoints.ServiceProvider.GetRequiredService<FunctionCatalog>();
        foreach (var definition in catalog.Definitions.Where(d => d.Trigger == TriggerKind.Http))
        {
            var route = string.Join('/', new[] { routePrefix.Trim('/'), (definition.Route ?? definition.Name).Trim('/') }.Where(s => s.Length > 0));
            var methods = definition.Methods.Count > 0 ? definition.Methods.Select(m => m.ToUpperInvariant()).ToArray() : AllMethods;
            var name = definition.Name;
            endpoints.MapMethods("/" + route, methods, (HttpContext context, FunctionDispatcher dispatcher) => InvokeAsync(name, context, dispatcher));
        }

        return endpoints;
    }

    private static async Task InvokeAsync(string function, HttpContext context, FunctionDispatcher dispatcher)
    {
        var ct = context.RequestAborted;
        var body = await ReadBodyAsync(context.Request, ct);
        if (body.TooLarge)
        {
            await WriteAsync(context, HttpResponses.Error(413, $"The request body is larger than {MaxBodyBytes} bytes."), ct);
            return;
        }

        var request = new HttpTriggerRequest
        {
            Url = context.Request.GetDisplayUrl(),
            Method = context.Request.Method,
            Headers = context.Request.Headers.ToDictionary(h => h.Key, h => JsonSerializer.SerializeToElement(h.Value.ToArray()), StringComparer.OrdinalIgnoreCase),
            Query = context.Request.Query.ToDictionary(q => q.Key, q => JsonSerializer.SerializeToElement(q.Value.ToString()), StringComparer.OrdinalIgnoreCase),
            Params = context.Request.RouteValues.ToDictionary(r => r.Key, r => JsonSerializer.SerializeToElement(Convert.ToString(r.Value, System.Globalization.CultureInfo.InvariantCulture)), StringComparer.OrdinalIgnoreCase),
            Body = body.Text,
        };
        var invocation = new InvocationRequest();
        invocation.Data[HttpFunction.RequestBinding] = JsonSerializer.SerializeToElement(request, InvocationJson.Options);

        var outcome = await dispatcher.InvokeAsync(function, invocation, ct);
        var res = outcome.Succeeded && outcome.Response.Outputs.TryGetValue(HttpFunction.ResponseBinding, out var node) && node is not null
            ? node.Deserialize<HttpTriggerResponse>(InvocationJson.Options)
            : null;
        // The dispatcher has logged the failure; a caller learns nothing about the internals.
        await WriteAsync(context, res ?? HttpResponses.Error(500, "The function failed."), ct);
    }

    private static async Task<(string? Text, bool TooLarge)> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes) return (null, true);
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBodyBytes) return (null, true);
        }

        return (buffer.Length == 0 ? null : Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), false);
    }

    private static async Task WriteAsync(HttpContext context, HttpTriggerResponse response, CancellationToken ct)
    {
        context.Response.StatusCode = response.StatusCode;
        foreach (var (name, value) in response.Headers ?? []) context.Response.Headers[name] = value;
        await context.Response.WriteAsync(response.Body ?? "", ct);
    }
}
