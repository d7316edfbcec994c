using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Pipeline.LocalHost;

public enum TriggerKind { Http, Queue, Timer, Orchestration, Activity }

/// <summary>One function of the app, as its <c>[Function]</c> attribute and its trigger parameter declare it: the
/// same declaration the Worker SDK turns into <c>functions.metadata</c> for the Functions host.</summary>
public sealed record FunctionEntry(string Name, MethodInfo Method, TriggerKind Trigger, ParameterInfo TriggerParameter, Attribute TriggerAttribute)
{
    public HttpTriggerAttribute Http => (HttpTriggerAttribute)TriggerAttribute;
    public QueueTriggerAttribute Queue => (QueueTriggerAttribute)TriggerAttribute;
    public TimerTriggerAttribute Timer => (TimerTriggerAttribute)TriggerAttribute;

    /// <summary>
    /// Calls the function: the trigger value, route values for string parameters, the cancellation token and the
    /// Durable client are bound by parameter; the instance comes from the container (or is created with its
    /// dependencies, as the isolated worker does). Returns what the function returned, awaited.
    /// </summary>
    public async Task<object?> InvokeAsync(
        IServiceProvider services, object? trigger, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? routeValues = null, object? input = null)
    {
        var arguments = Method.GetParameters().Select(p =>
            p == TriggerParameter ? Convert(trigger, p.ParameterType)
            : p == InputParameter ? input
            : p.ParameterType == typeof(CancellationToken) ? cancellationToken
            : p.ParameterType == typeof(DurableTaskClient) ? services.GetRequiredService<DurableTaskClient>()
            : p.ParameterType == typeof(string) && routeValues is not null && routeValues.TryGetValue(p.Name!, out var v) ? v
            : p.ParameterType == typeof(string) ? null
            : throw new InvalidOperationException($"Function {Name}: the local host cannot bind parameter '{p.Name}' ({p.ParameterType.Name}).")).ToArray();
        var target = Method.IsStatic ? null : ActivatorUtilities.GetServiceOrCreateInstance(services, Method.DeclaringType!);
        object? result;
        try
        {
            result = Method.Invoke(target, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }

        switch (result)
        {
            case Task task:
                await task;
                var type = task.GetType();
                return type.IsGenericType && type.GetGenericArguments()[0].Name != "VoidTaskResult" ? type.GetProperty("Result")!.GetValue(task) : null;
            case ValueTask valueTask:
                await valueTask;
                return null;
            default:
                return result;
        }
    }

    /// <summary>A queue message as the parameter's type asks for it: the message, its text or its bytes.</summary>
    private static object? Convert(object? trigger, Type type) => trigger switch
    {
        global::Azure.Storage.Queues.Models.QueueMessage m when type == typeof(string) => m.Body.ToString(),
        global::Azure.Storage.Queues.Models.QueueMessage m when type == typeof(BinaryData) => m.Body,
        _ => trigger,
    };

    /// <summary>An orchestrator's input parameter: the one parameter besides its context (the isolated worker binds the
    /// orchestration's input to it), or null.</summary>
    public ParameterInfo? InputParameter => Trigger == TriggerKind.Orchestration
        ? Method.GetParameters().FirstOrDefault(p => p != TriggerParameter && p.ParameterType != typeof(CancellationToken) && p.ParameterType != typeof(DurableTaskClient))
        : null;

    /// <summary>The type a Durable function's payload has: its input (the activity's trigger, the orchestrator's input
    /// parameter), or its output.</summary>
    public Type PayloadType(bool output)
    {
        if (!output) return Trigger == TriggerKind.Orchestration ? InputParameter?.ParameterType ?? typeof(object) : TriggerParameter.ParameterType;
        var returned = Method.ReturnType;
        return returned.IsGenericType && returned.GetGenericTypeDefinition() == typeof(Task<>) ? returned.GetGenericArguments()[0] : returned == typeof(Task) ? typeof(object) : returned;
    }
}

/// <summary>Every function of an assembly, found by its attributes. A trigger the local host cannot play fails here,
/// loudly: it must never silently skip a function the Functions host would run.</summary>
public sealed class FunctionIndex
{
    public FunctionIndex(params Assembly[] assemblies)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        var entries = new List<FunctionEntry>();
        foreach (var method in assemblies.SelectMany(a => a.GetTypes()).SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)))
        {
            if (method.GetCustomAttribute<FunctionAttribute>() is not { } function) continue;
            var triggers = method.GetParameters()
                .SelectMany(p => p.GetCustomAttributes().Where(a => a.GetType().Name.EndsWith("TriggerAttribute", StringComparison.Ordinal)).Select(a => (Parameter: p, Attribute: a)))
                .ToList();
            if (triggers.Count != 1) throw new InvalidOperationException($"Function {function.Name} ({method.DeclaringType?.Name}.{method.Name}) has {triggers.Count} triggers; it needs exactly one.");
            var (parameter, attribute) = triggers[0];
            var kind = attribute switch
            {
                HttpTriggerAttribute => TriggerKind.Http,
                QueueTriggerAttribute => TriggerKind.Queue,
                TimerTriggerAttribute => TriggerKind.Timer,
                OrchestrationTriggerAttribute => TriggerKind.Orchestration,
                ActivityTriggerAttribute => TriggerKind.Activity,
                _ => throw new InvalidOperationException($"Function {function.Name}: the local host does not run {attribute.GetType().Name} triggers."),
            };
            entries.Add(new FunctionEntry(function.Name, method, kind, parameter, attribute));
        }

        var duplicate = entries.GroupBy(e => e.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidOperationException($"Two functions are named '{duplicate.Key}'.");
        All = [.. entries.OrderBy(e => e.Name, StringComparer.Ordinal)];
    }

    public IReadOnlyList<FunctionEntry> All { get; }

    public IEnumerable<FunctionEntry> Of(TriggerKind kind) => All.Where(e => e.Trigger == kind);

    /// <summary>The function app's own functions.</summary>
    public static FunctionIndex ForApp() => new(typeof(Pipeline.Functions.PipelineApp).Assembly);
}
