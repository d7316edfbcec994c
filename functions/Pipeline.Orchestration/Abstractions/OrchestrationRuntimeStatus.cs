namespace Pipeline.Orchestration;

/// <summary>Where an orchestration instance is in its life.</summary>
public enum OrchestrationRuntimeStatus
{
    /// <summary>Scheduled by the client; no episode has run yet.</summary>
    Pending,
    Running,
    Completed,
    Failed,
    Terminated,

    /// <summary>The execution ended with ContinueAsNew; the next execution starts with the next episode.</summary>
    ContinuedAsNew,
}

public static class OrchestrationRuntimeStatusExtensions
{
    /// <summary>True when no further episode will change the instance (ContinuedAsNew is not terminal: a new execution follows).</summary>
    public static bool IsTerminal(this OrchestrationRuntimeStatus status) =>
        status is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;
}
