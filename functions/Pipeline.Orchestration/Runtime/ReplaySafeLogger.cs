using Microsoft.Extensions.Logging;

namespace Pipeline.Orchestration.Runtime;

/// <summary>Drops log calls made while the orchestrator replays, so each line appears once, when the step first runs.</summary>
internal sealed class ReplaySafeLogger(ILogger inner, Func<bool> isReplaying) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => !isReplaying() && inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!isReplaying()) inner.Log(logLevel, eventId, state, exception, formatter);
    }
}
