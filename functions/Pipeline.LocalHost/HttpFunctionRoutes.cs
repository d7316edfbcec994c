using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Pipeline.LocalHost;

/// <summary>
/// Serves the HTTP functions at <c>/{routePrefix}/{route}</c> with the methods their <c>[HttpTrigger]</c> declares,
/// as the Functions host does with the ASP.NET Core integration: the function gets the request, its route values and
/// the Durable client, and its <see cref="IActionResult"/> writes the response. Only these routes exist: nothing else
/// of the app can be invoked over HTTP. Function keys (<c>AuthorizationLevel.Function</c>) are the Functions host's
/// own and are not checked here (as with Core Tools); every finance and partner route checks the app's API keys itself.
/// </summary>
public static class HttpFunctionRoutes
{
    private static readonly string[] AllMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

    public static IEndpointRouteBuilder MapHttpFunctions(this IEndpointRouteBuilder endpoints, FunctionIndex index, string routePrefix)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(index);
        foreach (var function in index.Of(TriggerKind.Http))
        {
            var route = string.Join('/', new[] { routePrefix.Trim('/'), (function.Http.Route ?? function.Name).Trim('/') }.Where(s => s.Length > 0));
            var methods = function.Http.Methods is { Length: > 0 } m ? m.Select(x => x.ToUpperInvariant()).ToArray() : AllMethods;
            endpoints.MapMethods("/" + route, methods, context => InvokeAsync(function, context));
        }

        return endpoints;
    }

    private static async Task InvokeAsync(FunctionEntry function, HttpContext context)
    {
        var routeValues = context.Request.RouteValues
            .Where(v => v.Value is not null)
            .ToDictionary(v => v.Key, v => Convert.ToString(v.Value, System.Globalization.CultureInfo.InvariantCulture)!, StringComparer.OrdinalIgnoreCase);
        object? result;
        try
        {
            result = await function.InvokeAsync(context.RequestServices, context.Request, context.RequestAborted, routeValues);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            // The caller learns nothing about the internals; the log has the error.
            Logs.FunctionFailed(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HttpFunctionRoutes).FullName!), e, function.Name, e.Message);
            context.Response.StatusCode = 500;
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync("""{"error":"The function failed."}""", CancellationToken.None);
            return;
        }

        if (result is IActionResult action)
        {
            await action.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
        }
        else if (result is not null)
        {
            await context.Response.WriteAsJsonAsync(result, context.RequestAborted);
        }
    }
}
