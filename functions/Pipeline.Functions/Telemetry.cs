using System.Diagnostics;
using System.Diagnostics.Metrics;
using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Pipeline.Ingest;

namespace Pipeline.Functions;

/// <summary>
/// The app's traces and metrics (OpenTelemetry): drops received, rows accepted and rejected, ingest time, close
/// phase durations, partners held, failed closes. Exported to Application Insights in Azure (with the app's managed
/// identity), and locally to the console (<c>Pipeline:Telemetry:Console=true</c>) or an OTLP collector
/// (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>) when asked.
/// </summary>
public static class Telemetry
{
    public const string Name = "Pipeline";

    public static readonly ActivitySource Source = new(Name);
    private static readonly Meter Meter = new(Name);
    private static readonly Counter<long> Drops = Meter.CreateCounter<long>("pipeline.drops.received", "{drop}", "Drops received, by kind and outcome.");
    private static readonly Counter<long> Rows = Meter.CreateCounter<long>("pipeline.rows", "{row}", "Rows of drops accepted or rejected.");
    private static readonly Histogram<double> IngestTime = Meter.CreateHistogram<double>("pipeline.drops.ingest.duration", "s", "From receipt to audit of one drop.");
    private static readonly Histogram<double> ClosePhase = Meter.CreateHistogram<double>("pipeline.close.phase.duration", "s", "Time of one close activity, by phase.");
    private static readonly Counter<long> Held = Meter.CreateCounter<long>("pipeline.close.partners.held", "{partner}", "Partners whose payout a close held for finance.");
    private static readonly Counter<long> Failures = Meter.CreateCounter<long>("pipeline.close.failures", "{close}", "Closes that ended Failed.");

    public static void DropReceived(DropReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        if (receipt.Duplicate) return;
        var kind = receipt.Path.Split('/') is [_, var k, ..] ? k : "unknown";
        Drops.Add(1, new("kind", kind), new("outcome", receipt.Outcome));
        Rows.Add(receipt.RowsAccepted, new("kind", kind), new("outcome", AuditOutcomes.Accepted));
        Rows.Add(receipt.RowsRejected, new("kind", kind), new("outcome", AuditOutcomes.Rejected));
        if (receipt.CompletedAt is { } done && done > receipt.ReceivedAt)
            IngestTime.Record((done - receipt.ReceivedAt).TotalSeconds, new KeyValuePair<string, object?>("kind", kind));
    }

    /// <summary>Times one close activity as a span and a histogram point.</summary>
    public static async Task<T> ClosePhaseAsync<T>(string phase, string quarter, Func<Task<T>> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        using var span = Source.StartActivity($"close {phase}");
        span?.SetTag("close.quarter", quarter);
        var watch = Stopwatch.StartNew();
        try
        {
            return await run();
        }
        catch (Exception e)
        {
            span?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }
        finally
        {
            ClosePhase.Record(watch.Elapsed.TotalSeconds, new("phase", phase), new("quarter", quarter));
        }
    }

    public static void PartnersHeld(string quarter, int count) => Held.Add(count, new KeyValuePair<string, object?>("quarter", quarter));

    public static void CloseFailed(string quarter, string activity) => Failures.Add(1, new("quarter", quarter), new("activity", activity));

    /// <summary>Registers OpenTelemetry with the exporters the configuration asks for.</summary>
    public static OpenTelemetryBuilder AddPipelineTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var appInsights = configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"];
        var console = configuration.GetValue<bool>("Pipeline:Telemetry:Console");
        var otlp = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        var credential = AzureMonitorCredential(configuration);
        return services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(configuration["OTEL_SERVICE_NAME"] ?? "partner-payouts"))
            .WithTracing(t =>
            {
                t.AddSource(Name);
                if (!string.IsNullOrEmpty(appInsights)) t.AddAzureMonitorTraceExporter(o => { o.ConnectionString = appInsights; o.Credential = credential; });
                if (console) t.AddConsoleExporter();
                if (!string.IsNullOrEmpty(otlp)) t.AddOtlpExporter();
            })
            .WithMetrics(m =>
            {
                m.AddMeter(Name);
                if (!string.IsNullOrEmpty(appInsights)) m.AddAzureMonitorMetricExporter(o => { o.ConnectionString = appInsights; o.Credential = credential; });
                if (console) m.AddConsoleExporter();
                if (!string.IsNullOrEmpty(otlp)) m.AddOtlpExporter();
            });
    }

    /// <summary>Application Insights with local auth off takes Entra ID tokens: the app's user-assigned identity
    /// (<c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> = <c>ClientId=...;Authorization=AAD</c>), else none.</summary>
    private static TokenCredential? AzureMonitorCredential(IConfiguration configuration)
    {
        var auth = configuration["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"];
        if (string.IsNullOrEmpty(auth)) return null;
        var clientId = auth.Split(';').Select(p => p.Split('=', 2)).FirstOrDefault(p => p.Length == 2 && p[0].Trim().Equals("ClientId", StringComparison.OrdinalIgnoreCase))?[1].Trim();
        return new ManagedIdentityCredential(string.IsNullOrEmpty(clientId) ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId));
    }
}
