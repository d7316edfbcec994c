using Microsoft.Extensions.Logging;
using Pipeline.Azure;
using Pipeline.Ingest;

namespace Pipeline.LocalHost;

/// <summary>Event Grid's part, locally: every new blob version in <c>drops</c> becomes one BlobCreated event on the
/// <c>drop-events</c> queue, which <c>ReceiveDrop</c> is triggered by, as in Azure.</summary>
public sealed class DropEvents(DropAnnouncer announcer, HostSettings settings, TimeProvider clock, ILogger<DropEvents> logger)
{
    private static readonly TimeSpan SweepGrace = TimeSpan.FromMinutes(2);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var result = await announcer.ScanAsync(TimeSpan.Zero, SweepGrace, cancellationToken);
                foreach (var blob in result.Announced) Logs.DropAnnounced(logger, blob, Names.DropEventsQueue);
                await Task.Delay(settings.DropScanInterval, clock, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (global::Azure.RequestFailedException e)
            {
                Logs.PollerError(logger, Names.Drops, e.Message);
                await Task.Delay(settings.MaxPollingInterval, clock, CancellationToken.None);
            }
        }
    }
}
