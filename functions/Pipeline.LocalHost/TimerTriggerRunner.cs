using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Cronos;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Pipeline.LocalHost;

/// <summary>
/// Plays the Functions host's timerTrigger for one function: fires it on its NCRONTAB schedule (UTC), and keeps the
/// schedule's status in storage as the host's schedule monitor does (<c>azure-webjobs-hosts/timers/...</c>), so an
/// occurrence that passed while no host was running fires as soon as one starts (<see cref="TimerInfo.IsPastDue"/>):
/// a close is never skipped because nothing ran at 06:00. Hosts sharing the storage fire each occurrence once: the
/// firing host holds a lease on the status blob.
/// </summary>
public sealed class TimerTriggerRunner(
    FunctionEntry function, BlobContainerClient hosts, IServiceProvider services, IConfiguration configuration, TimeProvider clock, ILogger logger)
{
    public const string HostsContainer = "azure-webjobs-hosts";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>NCRONTAB has six fields, seconds first. A schedule written as %Setting% comes from configuration,
    /// as it does under the Functions host.</summary>
    public CronExpression Schedule { get; } = ParseSchedule(function, configuration);

    private BlobClient Status => hosts.GetBlobClient($"timers/local/{function.Name}/status");

    public static CronExpression ParseSchedule(FunctionEntry function, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(function);
        var text = function.Timer.Schedule;
        if (text.StartsWith('%') && text.EndsWith('%'))
        {
            text = configuration[text.Trim('%')] ?? throw new InvalidOperationException($"Timer function {function.Name}: setting {text} is not defined.");
        }

        return CronExpression.Parse(text, CronFormat.IncludeSeconds);
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await hosts.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var status = await ReadStatusAsync(cancellationToken);
        if (status is null)
        {
            // First run against this storage: nothing is past due yet.
            await WriteStatusAsync(new ScheduleStatus { Next = Next(clock.GetUtcNow()), LastUpdated = clock.GetUtcNow().UtcDateTime }, null, cancellationToken);
        }
        else if (status.Next != default && status.Next <= clock.GetUtcNow().UtcDateTime)
        {
            await FireAsync(new DateTimeOffset(DateTime.SpecifyKind(status.Next, DateTimeKind.Utc)), pastDue: true, cancellationToken);
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            var next = Schedule.GetNextOccurrence(now, TimeZoneInfo.Utc);
            if (next is null) return;
            try
            {
                await Task.Delay(next.Value - now, clock, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await FireAsync(next.Value, pastDue: false, cancellationToken);
        }
    }

    /// <summary>Fires one occurrence unless another host fires it (it holds the status lease, or already moved Next past it).</summary>
    public async Task<bool> FireAsync(DateTimeOffset scheduled, bool pastDue, CancellationToken cancellationToken)
    {
        var lease = Status.GetBlobLeaseClient();
        try
        {
            await lease.AcquireAsync(TimeSpan.FromSeconds(60), cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 404)
        {
            return false;
        }

        try
        {
            var status = await ReadStatusAsync(cancellationToken);
            if (status is not null && status.Next > scheduled.UtcDateTime) return false;
            Logs.TimerFiring(logger, function.Name, scheduled, pastDue);
            var info = new TimerInfo
            {
                IsPastDue = pastDue,
                ScheduleStatus = new ScheduleStatus { Last = status?.Last ?? default, Next = Next(scheduled), LastUpdated = clock.GetUtcNow().UtcDateTime },
            };
            try
            {
                await function.InvokeAsync(services, info, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The Functions host logs a failed timer run and waits for the next occurrence; so does this one.
                Logs.FunctionFailed(logger, e, function.Name, e.Message);
            }

            await WriteStatusAsync(new ScheduleStatus { Last = scheduled.UtcDateTime, Next = Next(scheduled), LastUpdated = clock.GetUtcNow().UtcDateTime }, lease.LeaseId, cancellationToken);
            return true;
        }
        finally
        {
            await lease.ReleaseAsync(cancellationToken: CancellationToken.None);
        }
    }

    private DateTime Next(DateTimeOffset after) => (Schedule.GetNextOccurrence(after, TimeZoneInfo.Utc) ?? DateTimeOffset.MaxValue).UtcDateTime;

    private async Task<ScheduleStatus?> ReadStatusAsync(CancellationToken cancellationToken)
    {
        try
        {
            var content = await Status.DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToObjectFromJson<ScheduleStatus>(Json);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    private async Task WriteStatusAsync(ScheduleStatus status, string? leaseId, CancellationToken cancellationToken) =>
        await Status.UploadAsync(BinaryData.FromObjectAsJson(status, Json), new BlobUploadOptions
        {
            Conditions = leaseId is null ? null : new BlobRequestConditions { LeaseId = leaseId },
        }, cancellationToken);
}
