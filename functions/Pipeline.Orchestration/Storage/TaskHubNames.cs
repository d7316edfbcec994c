using System.Globalization;

namespace Pipeline.Orchestration.Storage;

/// <summary>The storage resources of one task hub. Tables allow only letters and digits; queues and containers lowercase and dashes.</summary>
public sealed class TaskHubNames
{
    public TaskHubNames(OrchestrationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var hub = options.HubName;
        HistoryTable = hub + "History";
        InstancesTable = hub + "Instances";
        WorkItemQueue = hub + "-workitems";
        LargeMessagesContainer = hub + "-largemessages";
        ControlQueues = Enumerable.Range(0, options.ControlQueueCount)
            .Select(i => $"{hub}-control-{i.ToString("D2", CultureInfo.InvariantCulture)}").ToArray();
    }

    public string HistoryTable { get; }
    public string InstancesTable { get; }
    public string WorkItemQueue { get; }
    public string LargeMessagesContainer { get; }
    public IReadOnlyList<string> ControlQueues { get; }

    public static string PoisonQueue(string queue) => queue + "-poison";

    /// <summary>Every queue the hub uses, poison queues included (for provisioning: bicep and EnsureCreated).</summary>
    public IReadOnlyList<string> AllQueues =>
        [.. ControlQueues, WorkItemQueue, .. ControlQueues.Select(PoisonQueue), PoisonQueue(WorkItemQueue)];

    /// <summary>The control queue of an instance: FNV-1a over the UTF-8 id (string.GetHashCode is randomised per process).</summary>
    public string ControlQueueFor(string instanceId)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        return ControlQueues[(int)(StableHash(instanceId) % (uint)ControlQueues.Count)];
    }

    public static uint StableHash(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var hash = 2166136261u;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(value))
        {
            hash ^= b;
            hash *= 16777619u;
        }

        return hash;
    }
}
