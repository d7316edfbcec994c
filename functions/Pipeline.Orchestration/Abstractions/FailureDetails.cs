namespace Pipeline.Orchestration;

/// <summary>
/// A failure as it crosses a process boundary (activity → orchestrator, child → parent, engine → status):
/// the exception's type name, message and stack trace, and the inner failure when there is one.
/// </summary>
public sealed record FailureDetails(string ErrorType, string ErrorMessage, string? StackTrace = null, FailureDetails? InnerFailure = null)
{
    public static FailureDetails FromException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        // A TaskFailedException already carries the remote failure: keep it as the inner one so the chain reads
        // "orchestrator failed because activity X failed because ...".
        var inner = exception switch
        {
            TaskFailedException t => t.FailureDetails,
            SubOrchestrationFailedException s => s.FailureDetails,
            _ => exception.InnerException is { } e ? FromException(e) : null,
        };
        return new FailureDetails(exception.GetType().FullName ?? exception.GetType().Name, exception.Message, exception.StackTrace, inner);
    }

    /// <summary>True when this failure or one of its inner failures has the given exception type.</summary>
    public bool IsCausedBy<TException>() where TException : Exception =>
        ErrorType == typeof(TException).FullName || (InnerFailure?.IsCausedBy<TException>() ?? false);

    public override string ToString() =>
        InnerFailure is null ? $"{ErrorType}: {ErrorMessage}" : $"{ErrorType}: {ErrorMessage} ---> {InnerFailure}";
}
