using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Pipeline.Functions.Hosting;

/// <summary>httpTrigger GET /api/health: proves the app is up and lists the functions it serves.</summary>
public sealed class HealthFunction
{
    /// <summary>Every function of the app, by name, as its <c>[Function]</c> attributes declare it.</summary>
    public static IReadOnlyList<string> FunctionNames { get; } =
    [
        .. typeof(HealthFunction).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => m.GetCustomAttribute<FunctionAttribute>()?.Name)
            .OfType<string>()
            .Order(StringComparer.Ordinal),
    ];

    [Function("Health")]
    public static IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/health")] HttpRequest request) =>
        HttpResponses.Json(200, new { status = "ok", functions = FunctionNames });
}
