using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Hosting;
using Pipeline.Functions;

// The isolated worker under the Azure Functions host: HTTP through the ASP.NET Core integration, the app's services,
// and OpenTelemetry with the Functions worker's own instrumentation.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddPipeline(builder.Configuration);
builder.Services.AddPipelineTelemetry(builder.Configuration).UseFunctionsWorkerDefaults();
builder.Build().Run();
