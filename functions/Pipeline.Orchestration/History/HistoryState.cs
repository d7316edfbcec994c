namespace Pipeline.Orchestration.History;

/// <summary>
/// What the recorded history of the current execution says, indexed for the checks an episode makes on each
/// inbound message: is it a result of a step we scheduled, already answered, or for another execution?
/// </summary>
internal sealed class HistoryState
{
    private readonly Dictionary<int, HistoryEvent> _scheduled = [];
    private readonly HashSet<int> _answered = [];
    private readonly HashSet<string> _messageIds = new(StringComparer.Ordinal);

    public HistoryState(IReadOnlyList<HistoryEvent> events)
    {
        Events = events;
        foreach (var e in events) Add(e);
    }

    public IReadOnlyList<HistoryEvent> Events { get; }
    public HistoryEvent? Started { get; private set; }
    public HistoryEvent? Completed { get; private set; }
    public string? ExecutionId => Started?.ExecutionId;

    public OrchestrationRuntimeStatus Status =>
        Completed?.Status ?? (Started is null ? OrchestrationRuntimeStatus.Pending : OrchestrationRuntimeStatus.Running);

    public bool IsRunning => Started is not null && Completed is null;

    public HistoryEvent? Scheduled(int taskId) => _scheduled.GetValueOrDefault(taskId);
    public bool IsAnswered(int taskId) => _answered.Contains(taskId);
    public bool HasMessage(string messageId) => _messageIds.Contains(messageId);

    /// <summary>Records an event accepted in the current episode too, so a duplicate in the same batch is recognised.</summary>
    public void Add(HistoryEvent e)
    {
        switch (e.Kind)
        {
            case HistoryEventKind.ExecutionStarted: Started = e; break;
            case HistoryEventKind.ExecutionCompleted: Completed = e; break;
            case HistoryEventKind.TaskScheduled or HistoryEventKind.TimerCreated or HistoryEventKind.SubOrchestrationCreated:
                _scheduled[e.TaskId] = e;
                break;
            case HistoryEventKind.TaskCompleted or HistoryEventKind.TaskFailed or HistoryEventKind.TimerFired
                or HistoryEventKind.SubOrchestrationCompleted or HistoryEventKind.SubOrchestrationFailed:
                _answered.Add(e.TaskId);
                break;
        }

        if (e.MessageId is not null) _messageIds.Add(e.MessageId);
    }
}
