using Microsoft.Azure.Functions.Worker;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http;
using Pipeline.Functions.Hosting;

namespace Pipeline.Functions.Web;

/// <summary>httpTrigger <c>GET /web/{file}</c>: the stylesheet and script of the web views, embedded in the assembly so
/// that the app serves everything a page needs (no CDN; the CSP allows only <c>'self'</c>).</summary>
public sealed class WebAssetFunction
{
    private static readonly Dictionary<string, (string ContentType, string Body)> Assets = new(StringComparer.Ordinal)
    {
        ["app.css"] = ("text/css; charset=utf-8", Read("app.css")),
        ["app.js"] = ("text/javascript; charset=utf-8", Read("app.js")),
    };

    public const string Name = "WebAsset";

    [Function(Name)]
    public static Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "web/{file}")] HttpRequest request, string file, CancellationToken cancellationToken) =>
        HttpTrigger.RunAsync(request, HandleAsync, cancellationToken, ("file", file));

    public static Task<HttpTriggerResponse> HandleAsync(HttpTriggerRequest request, CancellationToken cancellationToken)
    {
        if (!Assets.TryGetValue(request.Param("file") ?? "", out var asset)) return Task.FromResult(HttpResponses.Error(404, "No such file."));
        return Task.FromResult(new HttpTriggerResponse(200, asset.Body, new Dictionary<string, string>
        {
            ["Content-Type"] = asset.ContentType,
            ["Cache-Control"] = "public, max-age=300",
            ["X-Content-Type-Options"] = "nosniff",
        }));
    }

    private static string Read(string name)
    {
        using var stream = typeof(WebAssetFunction).Assembly.GetManifestResourceStream($"Pipeline.Functions.Web.Assets.{name}")
            ?? throw new InvalidOperationException($"The embedded web asset '{name}' is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
