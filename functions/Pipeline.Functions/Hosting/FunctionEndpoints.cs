using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Pipeline.Functions.Hosting;

/// <summary>The custom-handler contract: POST /{FunctionName} with {"Data","Metadata"}, answer {"Outputs","Logs","ReturnValue"}.</summary>
public static class FunctionEndpoints
{
    public static IEndpointRouteBuilder MapFunctionEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/{functionName}", async (string functionName, HttpRequest http, FunctionDispatcher dispatcher, CancellationToken ct) =>
        {
            if (!dispatcher.Has(functionName))
            {
                return Results.Json(new InvocationResponse { Logs = [$"No function named '{functionName}'."] }, InvocationJson.Options, statusCode: 404);
            }

            InvocationRequest? request;
            try
            {
                request = await JsonSerializer.DeserializeAsync<InvocationRequest>(http.Body, InvocationJson.Options, ct);
            }
            catch (JsonException e)
            {
                return Results.Json(new InvocationResponse { Logs = [$"The invocation payload is not valid JSON: {e.Message}"] }, InvocationJson.Options, statusCode: 400);
            }

            var outcome = await dispatcher.InvokeAsync(functionName, request ?? new InvocationRequest(), ct);
            return Results.Json(outcome.Response, InvocationJson.Options, statusCode: outcome.StatusCode);
        });
        return endpoints;
    }
}
