using Pipeline.Domain;

namespace Pipeline.Functions.Web;

/// <summary>
/// Where the web views take "the current quarter" from: the app's clock, replaceable on its own so that a test (or
/// a demo of a past quarter) can pin the quarter without moving the clock the queues, timers and engine run on.
/// </summary>
public sealed class WebClock(TimeProvider time)
{
    public Quarter CurrentQuarter() => Quarter.Of(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));

    /// <summary>The current quarter and the ones before it, newest first.</summary>
    public IReadOnlyList<Quarter> Recent(int count)
    {
        var list = new List<Quarter> { CurrentQuarter() };
        while (list.Count < count) list.Add(list[^1].Previous());
        return list;
    }
}
