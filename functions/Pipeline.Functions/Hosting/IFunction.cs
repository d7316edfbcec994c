namespace Pipeline.Functions.Hosting;

/// <summary>A function's handler: one per function.json, matched by <see cref="Name"/>.</summary>
public interface IFunction
{
    string Name { get; }

    /// <summary>Runs one invocation. Throwing fails it: the handler answers non-2xx and the host retries
    /// (queue triggers) up to maxDequeueCount.</summary>
    Task<InvocationResponse> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken);
}
