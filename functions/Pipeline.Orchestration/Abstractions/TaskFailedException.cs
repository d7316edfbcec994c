namespace Pipeline.Orchestration;

/// <summary>Thrown into the orchestrator when an activity failed (after its retries).</summary>
public sealed class TaskFailedException : Exception
{
    public TaskFailedException(string taskName, int taskId, FailureDetails failureDetails)
        : base($"Activity '{taskName}' (task {taskId}) failed: {failureDetails}")
    {
        TaskName = taskName;
        TaskId = taskId;
        FailureDetails = failureDetails;
    }

    public TaskFailedException() : this("?", -1, new FailureDetails("Unknown", "Unknown failure")) { }
    public TaskFailedException(string message) : base(message) { TaskName = "?"; FailureDetails = new FailureDetails("Unknown", message); }
    public TaskFailedException(string message, Exception innerException) : base(message, innerException) { TaskName = "?"; FailureDetails = FailureDetails.FromException(innerException); }

    public string TaskName { get; }
    public int TaskId { get; }
    public FailureDetails FailureDetails { get; }
}

/// <summary>Thrown into the parent orchestrator when a sub-orchestration failed or was terminated.</summary>
public sealed class SubOrchestrationFailedException : Exception
{
    public SubOrchestrationFailedException(string name, string instanceId, FailureDetails failureDetails)
        : base($"Sub-orchestration '{name}' (instance '{instanceId}') failed: {failureDetails}")
    {
        Name = name;
        InstanceId = instanceId;
        FailureDetails = failureDetails;
    }

    public SubOrchestrationFailedException() : this("?", "?", new FailureDetails("Unknown", "Unknown failure")) { }
    public SubOrchestrationFailedException(string message) : base(message) { Name = "?"; InstanceId = "?"; FailureDetails = new FailureDetails("Unknown", message); }
    public SubOrchestrationFailedException(string message, Exception innerException) : base(message, innerException) { Name = "?"; InstanceId = "?"; FailureDetails = FailureDetails.FromException(innerException); }

    public string Name { get; }
    public string InstanceId { get; }
    public FailureDetails FailureDetails { get; }
}

/// <summary>
/// The recorded history no longer matches what the orchestrator code does. The instance is failed with this
/// message (it names the step, what history recorded and what the code does now): replaying further would
/// deliver results to the wrong calls.
/// </summary>
public sealed class NonDeterminismException : Exception
{
    public NonDeterminismException(int step, string expected, string actual)
        : base($"Non-deterministic orchestrator: at step {step} the history recorded {expected} but the code now {actual}. " +
               "Orchestrator code changed while instances were running, or it depends on something other than its inputs and the context.")
    {
        Step = step;
        Expected = expected;
        Actual = actual;
    }

    public NonDeterminismException() : this(-1, "?", "?") { }
    public NonDeterminismException(string message) : base(message) { Expected = "?"; Actual = "?"; }
    public NonDeterminismException(string message, Exception innerException) : base(message, innerException) { Expected = "?"; Actual = "?"; }

    public int Step { get; }
    public string Expected { get; }
    public string Actual { get; }
}
