using System.Text.Json;
using Cronos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Pipeline.Functions.Hosting;

namespace Pipeline.Functions.Local;

/// <summary>Plays the Functions host's timerTrigger for one function: fires it on its NCRONTAB schedule (UTC).</summary>
public sealed class TimerRunner(FunctionDefinition function, FunctionDispatcher dispatcher, IConfiguration configuration, TimeProvider clock, ILogger logger)
{
    /// <summary>NCRONTAB has six fields, seconds first. A schedule written as %Setting% comes from configuration,
    /// as it does under the Functions host.</summary>
    public CronExpression Schedule { get; } = ParseSchedule(function, configuration);

    public static CronExpression ParseSchedule(FunctionDefinition function, IConfiguration configuration)
    {
        var text = function.Schedule ?? throw new InvalidOperationException($"Timer function {function.Name} has no schedule.");
        if (text.StartsWith('%') && text.EndsWith('%'))
        {
            text = configuration[text.Trim('%')] ?? throw new InvalidOperationException($"Timer function {function.Name}: setting {text} is not defined.");
        }

        return CronExpression.Parse(text, CronFormat.IncludeSeconds);
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset? last = null;
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

            Logs.TimerFiring(logger, function.Name, next.Value);
            await dispatcher.InvokeAsync(function.Name, BuildRequest(last, next.Value), cancellationToken);
            last = next;
        }
    }

    /// <summary>The payload the Functions host sends for a timerTrigger.</summary>
    public InvocationRequest BuildRequest(DateTimeOffset? last, DateTimeOffset scheduled) => new()
    {
        Data = new(StringComparer.OrdinalIgnoreCase)
        {
            [function.TriggerBinding] = JsonSerializer.SerializeToElement(new
            {
                Schedule = new { AdjustForDST = true },
                ScheduleStatus = new { Last = last ?? DateTimeOffset.MinValue, Next = Schedule.GetNextOccurrence(scheduled, TimeZoneInfo.Utc), LastUpdated = scheduled },
                IsPastDue = clock.GetUtcNow() - scheduled > TimeSpan.FromMinutes(1),
            }),
        },
        Metadata = new(StringComparer.OrdinalIgnoreCase)
        {
            ["sys"] = JsonSerializer.SerializeToElement(new { MethodName = function.Name, UtcNow = clock.GetUtcNow(), RandGuid = Guid.NewGuid() }),
        },
    };
}
