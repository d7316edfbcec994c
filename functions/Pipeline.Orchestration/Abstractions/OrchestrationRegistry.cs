namespace Pipeline.Orchestration;

/// <summary>An orchestrator as the engine runs it: takes the context, returns its output as JSON text.</summary>
public delegate Task<string?> OrchestratorFunc(OrchestrationContext context);

/// <summary>An activity as the engine runs it: JSON input in, JSON output out.</summary>
public delegate Task<string?> ActivityFunc(ActivityContext context, string? input, CancellationToken cancellationToken);

/// <summary>
/// The orchestrators and activities the app knows, by name (case-insensitive). Registered once at startup;
/// every worker process registers the same set.
/// </summary>
public sealed class OrchestrationRegistry
{
    private readonly Dictionary<string, OrchestratorFunc> _orchestrators = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ActivityFunc> _activities = new(StringComparer.OrdinalIgnoreCase);

    public OrchestrationRegistry AddOrchestrator<TOutput>(string name, Func<OrchestrationContext, Task<TOutput>> orchestrator)
    {
        ArgumentNullException.ThrowIfNull(orchestrator);
        return AddOrchestratorCore(name, async ctx => JsonPayload.Serialize(await orchestrator(ctx)));
    }

    public OrchestrationRegistry AddOrchestrator(string name, Func<OrchestrationContext, Task> orchestrator)
    {
        ArgumentNullException.ThrowIfNull(orchestrator);
        return AddOrchestratorCore(name, async ctx =>
        {
            await orchestrator(ctx);
            return null;
        });
    }

    public OrchestrationRegistry AddActivity<TInput, TOutput>(string name, Func<ActivityContext, TInput?, CancellationToken, Task<TOutput>> activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return AddActivityCore(name, async (ctx, input, ct) => JsonPayload.Serialize(await activity(ctx, JsonPayload.Deserialize<TInput>(input), ct)));
    }

    public OrchestrationRegistry AddActivity<TInput, TOutput>(string name, Func<TInput?, Task<TOutput>> activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return AddActivity<TInput, TOutput>(name, (_, input, _) => activity(input));
    }

    public OrchestrationRegistry AddActivity<TInput, TOutput>(string name, Func<TInput?, TOutput> activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return AddActivity<TInput, TOutput>(name, (_, input, _) => Task.FromResult(activity(input)));
    }

    public bool TryGetOrchestrator(string name, out OrchestratorFunc orchestrator) =>
        _orchestrators.TryGetValue(name, out orchestrator!);

    public bool TryGetActivity(string name, out ActivityFunc activity) => _activities.TryGetValue(name, out activity!);

    private OrchestrationRegistry AddOrchestratorCore(string name, OrchestratorFunc orchestrator)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_orchestrators.TryAdd(name, orchestrator)) throw new ArgumentException($"Orchestrator '{name}' is already registered.", nameof(name));
        return this;
    }

    private OrchestrationRegistry AddActivityCore(string name, ActivityFunc activity)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_activities.TryAdd(name, activity)) throw new ArgumentException($"Activity '{name}' is already registered.", nameof(name));
        return this;
    }
}
