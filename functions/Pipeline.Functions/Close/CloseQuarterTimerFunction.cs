using Pipeline.Domain;
using Pipeline.Functions.Hosting;

namespace Pipeline.Functions.Close;

/// <summary>Timer (06:00 UTC on the first day of each quarter): starts the close of the quarter that just ended.
/// The instance id is the quarter's, so a repeated firing starts nothing new.</summary>
public sealed class CloseQuarterTimerFunction(CloseClient closes, TimeProvider time) : IFunction
{
    public string Name => "CloseQuarter";

    public async Task<InvocationResponse> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken)
    {
        var ended = Quarter.Of(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)).Previous();
        var started = await closes.StartAsync(ended, cancellationToken: cancellationToken);
        return InvocationResponse.Ok($"Close of {ended}: instance {started.InstanceId} ({(started.Created ? "started" : "already exists")}).");
    }
}
