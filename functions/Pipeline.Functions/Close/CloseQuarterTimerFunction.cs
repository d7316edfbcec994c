using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Pipeline.Domain;

namespace Pipeline.Functions.Close;

/// <summary>Timer (06:00 UTC on the first day of each quarter): starts the close of the quarter that just ended.
/// The instance id is the quarter's, so a repeated or past-due firing starts nothing new.</summary>
public sealed class CloseQuarterTimerFunction(TimeProvider time, ILogger<CloseQuarterTimerFunction> logger)
{
    public const string Name = "CloseQuarterTimer";
    public const string Schedule = "0 0 6 1 1,4,7,10 *";

    [Function(Name)]
    public async Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        var ended = Quarter.Of(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)).Previous();
        await new CloseClient(client, logger).StartAsync(ended, cancellationToken: cancellationToken);
    }
}
