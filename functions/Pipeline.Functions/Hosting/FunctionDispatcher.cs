using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Pipeline.Functions.Hosting;

/// <summary>
/// Routes an invocation to its handler. Used by the HTTP endpoint the Functions host calls and, in process, by the
/// local trigger host, so both paths run exactly the same code.
/// </summary>
public sealed class FunctionDispatcher
{
    private readonly Dictionary<string, IFunction> _functions;
    private readonly ILogger<FunctionDispatcher> _logger;

    public FunctionDispatcher(IEnumerable<IFunction> functions, ILogger<FunctionDispatcher> logger)
    {
        _functions = functions.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);
        _logger = logger;
    }

    public IReadOnlyCollection<string> Names => _functions.Keys;

    public bool Has(string name) => _functions.ContainsKey(name);

    /// <summary>Invokes the function; failures come back as <see cref="InvocationOutcome.Succeeded"/> = false with the
    /// error in the logs, never as an exception, because the caller (host or poller) decides what a failure means.</summary>
    public async Task<InvocationOutcome> InvokeAsync(string name, InvocationRequest request, CancellationToken cancellationToken)
    {
        if (!_functions.TryGetValue(name, out var function))
        {
            return new InvocationOutcome(false, 404, new InvocationResponse { Logs = [$"No function named '{name}'."] });
        }

        var watch = Stopwatch.StartNew();
        try
        {
            var response = await function.InvokeAsync(request, cancellationToken);
            Logs.FunctionSucceeded(_logger, name, watch.ElapsedMilliseconds);
            return new InvocationOutcome(true, 200, response);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Logs.FunctionFailed(_logger, e, name, watch.ElapsedMilliseconds, e.Message);
            return new InvocationOutcome(false, 500, new InvocationResponse
            {
                Logs = [$"{name} failed: {e.GetType().Name}: {e.Message}"],
                ReturnValue = JsonSerializer.SerializeToNode(new { error = e.Message }),
            });
        }
    }
}

public sealed record InvocationOutcome(bool Succeeded, int StatusCode, InvocationResponse Response);
