using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Pipeline.Ingest;

namespace Pipeline.Functions.Ingest;

/// <summary>Timer (every 5 minutes): re-announces drops that have had no receipt for a grace period, so a lost event loses nothing.</summary>
public sealed class SweepDropsFunction(DropAnnouncer announcer, ILogger<SweepDropsFunction> logger)
{
    public const string Name = "SweepDrops";
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);

    [Function(Name)]
    public async Task RunAsync([TimerTrigger("0 */5 * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var result = await announcer.ScanAsync(newBlobGrace: Grace, reannounceAfter: Grace, cancellationToken);
        foreach (var blob in result.Announced.Concat(result.Reannounced)) Logs.DropReannounced(logger, blob);
    }
}
