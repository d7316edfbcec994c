using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Pipeline.Functions.Tests.Access;

/// <summary>One log entry as the app wrote it: the rendered message and every structured value.</summary>
public sealed record CapturedLog(string Category, LogLevel Level, EventId EventId, string Message, string Values)
{
    public string AllText => $"{Category} {Message} {Values}";
}

/// <summary>A logger provider that keeps everything the app logs, so tests can read what an operator would see.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();

    public IReadOnlyList<CapturedLog> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, CapturedLogs owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" | ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            owner._entries.Enqueue(new CapturedLog(category, logLevel, eventId, formatter(state, exception) + (exception is null ? "" : " " + exception), values));
        }
    }
}
