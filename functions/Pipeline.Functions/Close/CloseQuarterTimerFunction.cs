using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Pipeline.Domain;
using Pipeline.Terms;

namespace Pipeline.Functions.Close;

/// <summary>Timer (06:00 UTC every day): once the cut-off of the quarter that just ended has passed (the program in
/// force for it sets how many days drops still count), starts its close. The instance id is the quarter's, so later
/// firings find it and start nothing; a close that failed is left for finance to look at and start again.</summary>
public sealed class CloseQuarterTimerFunction(TimeProvider time, ProgramStore programs, ILogger<CloseQuarterTimerFunction> logger)
{
    public const string Name = "CloseQuarterTimer";
    public const string Schedule = "0 0 6 * * *";

    [Function(Name)]
    public async Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        ArgumentNullException.ThrowIfNull(client);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var ended = Quarter.Of(today).Previous();
        if (today < (await programs.InForceAsync(ended, cancellationToken)).CutOff(ended)) return;
        if (await client.GetInstanceAsync(CloseOrchestrator.InstanceId(ended.ToString()), cancellationToken) is not null) return;
        await new CloseClient(client, programs, logger, time).StartAsync(ended, cancellationToken: cancellationToken);
    }
}
