using Microsoft.Extensions.Logging;
using Pipeline.Functions.Hosting;
using Pipeline.Storage.Drops;

namespace Pipeline.Functions.Drops;

/// <summary>Timer: re-announces drops that have had no receipt for a grace period, so a lost event loses nothing.</summary>
public sealed class SweepDropsFunction(DropAnnouncer announcer, ILogger<SweepDropsFunction> logger) : IFunction
{
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);

    public string Name => "SweepDrops";

    public async Task<InvocationResponse> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken)
    {
        var result = await announcer.ScanAsync(newBlobGrace: Grace, reannounceAfter: Grace, cancellationToken);
        foreach (var blob in result.Announced.Concat(result.Reannounced)) Logs.DropReannounced(logger, blob);
        return InvocationResponse.Ok($"Swept {result.Blobs} drop(s): {result.Announced.Count} never announced, {result.Reannounced.Count} announced again.");
    }
}
