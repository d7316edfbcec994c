using Azure.Storage.Queues;
using Pipeline.Orchestration.History;
using Pipeline.Orchestration.Messaging;
using Pipeline.Orchestration.Storage;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Orchestration.Tests;

[Collection(AzuriteFixture.Collection)]
public sealed class RobustnessTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_message_that_keeps_failing_goes_to_the_poison_queue_and_fails_its_instance()
    {
        await using var hub = await TestHub.StartAsync(azurite, r => r
            .AddOrchestrator("Waiting", async ctx => await ctx.WaitForExternalEvent<int>("never")));
        await hub.Client.ScheduleNewAsync("Waiting", "poison-1");
        await hub.WaitUntilAsync("poison-1", s => s.RuntimeStatus == OrchestrationRuntimeStatus.Running);
        var queue = hub.Storage.Names.ControlQueueFor("poison-1");
        const string bogus = """{"kind":"Bogus","instanceId":"poison-1"}""";

        await hub.Storage.Queues.SendTextAsync(queue, bogus);
        var status = await hub.WaitAsync("poison-1", 30);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, status.RuntimeStatus);
        Assert.Equal("PoisonMessage", status.Failure?.ErrorType);
        Assert.Contains($"failed 5 times and was moved to {queue}-poison", status.Failure?.ErrorMessage, StringComparison.Ordinal);
        var poisoned = await hub.Storage.Queues.Queue(TaskHubNames.PoisonQueue(queue)).ReceiveMessagesAsync(32);
        Assert.Equal([bogus], poisoned.Value.Select(m => m.Body.ToString()));
    }

    [Fact]
    public async Task Changed_orchestrator_code_fails_the_instance_with_an_error_naming_the_step()
    {
        var version = 1;
        await using var hub = await TestHub.StartAsync(azurite, r => r
            .AddActivity<int, int>("Reserve", i => i)
            .AddActivity<int, int>("Charge", i => i)
            .AddOrchestrator("Evolving", async ctx =>
            {
                await ctx.CallActivityAsync<int>(version == 1 ? "Reserve" : "Charge", 1);
                return await ctx.WaitForExternalEvent<int>("go");
            }));
        await hub.Client.ScheduleNewAsync("Evolving", "nd-1");
        await hub.WaitUntilAsync("nd-1", s => s.HistoryCount >= 5); // started + scheduled, then the result: now waiting for "go"

        version = 2;
        await hub.Client.RaiseEventAsync("nd-1", "go", 1);
        var status = await hub.WaitAsync("nd-1");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, status.RuntimeStatus);
        Assert.Equal(typeof(NonDeterminismException).FullName, status.Failure?.ErrorType);
        Assert.Contains("at step 0 the history recorded a call to activity 'Reserve' but the code now makes a call to activity 'Charge'",
            status.Failure?.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_Instances_write_is_repaired_so_the_instance_does_not_stay_behind()
    {
        await using var hub = await TestHub.StartAsync(azurite, r => r
            .AddActivity<int, int>("Work", i => i * 3)
            .AddOrchestrator("Job", async ctx => await ctx.CallActivityAsync<int>("Work", 7)));
        var failures = 0;
        hub.Storage.Instances.BeforeWrite = s =>
            s.RuntimeStatus == OrchestrationRuntimeStatus.Completed && Interlocked.Increment(ref failures) == 1
                ? throw new IOException("simulated crash while writing the Instances row")
                : Task.CompletedTask;

        await hub.Client.ScheduleNewAsync("Job", "repair-1");

        // Read the row itself (the client would repair it from history on read): the engine must have repaired it.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        OrchestrationStatus? row;
        while ((row = await hub.Storage.Instances.GetAsync("repair-1"))?.RuntimeStatus != OrchestrationRuntimeStatus.Completed && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(2, failures); // the failed write, then the repair by the redelivered (now duplicate) message
        Assert.Equal(OrchestrationRuntimeStatus.Completed, row?.RuntimeStatus);
        Assert.Equal(21, row?.ReadOutput<int>());
    }

    [Fact]
    public async Task The_status_query_reads_through_to_history_when_the_Instances_row_is_behind()
    {
        await using var hub = await TestHub.StartAsync(azurite, r => r
            .AddOrchestrator("Job", ctx => Task.FromResult(42)));
        hub.Storage.Instances.BeforeWrite = s => s.RuntimeStatus == OrchestrationRuntimeStatus.Completed
            ? throw new IOException("status writes keep failing") : Task.CompletedTask;

        await hub.Client.ScheduleNewAsync("Job", "repair-2");
        await hub.WaitUntilAsync("repair-2", s => (s.RuntimeStatus == OrchestrationRuntimeStatus.Completed) || (s.RuntimeStatus == OrchestrationRuntimeStatus.Failed));
        hub.Storage.Instances.BeforeWrite = null;
        var status = await hub.Client.GetStatusAsync("repair-2");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, status?.RuntimeStatus);
        Assert.Equal(42, status?.ReadOutput<int>());
    }

    [Fact]
    public async Task The_same_response_or_event_delivered_twice_is_applied_once()
    {
        var effects = 0;
        await using var hub = await TestHub.StartAsync(azurite, r => r
            .AddActivity<int, int>("Effect", i => Interlocked.Increment(ref effects) * 0 + i)
            .AddOrchestrator("Twice", async ctx =>
            {
                var a = await ctx.CallActivityAsync<int>("Effect", 1);
                var b = await ctx.WaitForExternalEvent<int>("go");
                try
                {
                    return a + b + await ctx.WaitForExternalEvent<int>("go", TimeSpan.FromSeconds(1));
                }
                catch (TimeoutException)
                {
                    return a + b;
                }
            }), startWorker: false);
        var control = hub.Storage.Queues.Queue(hub.Storage.Names.ControlQueueFor("dup-1"));
        var workItems = hub.Storage.Queues.Queue(hub.Storage.Names.WorkItemQueue);

        await hub.Client.ScheduleNewAsync("Twice", "dup-1");
        Assert.Equal(MessageOutcome.Completed, await hub.Engine.HandleControlMessageAsync(await TakeAsync(control)));
        Assert.Equal(MessageOutcome.Completed, await hub.Engine.HandleWorkItemAsync(await TakeAsync(workItems)));
        var response = await TakeAsync(control);
        await hub.Engine.HandleControlMessageAsync(response);
        await hub.Engine.HandleControlMessageAsync(response with { MessageId = "redelivered" });
        await hub.Client.RaiseEventAsync("dup-1", "go", 10);
        var raised = await TakeAsync(control);
        await hub.Engine.HandleControlMessageAsync(raised);
        await hub.Engine.HandleControlMessageAsync(raised);
        await hub.StartWorkerAsync();
        var status = await hub.WaitAsync("dup-1");

        var history = await hub.Storage.History.LoadAsync("dup-1");
        Assert.Single(history.Events, e => e.Kind == HistoryEventKind.TaskCompleted);
        Assert.Single(history.Events, e => e.Kind == HistoryEventKind.EventRaised);
        Assert.Equal(11, status.ReadOutput<int>()); // the duplicate "go" did not satisfy the second wait
        Assert.Equal(1, effects);
    }

    private static async Task<QueueMessageEnvelope> TakeAsync(QueueClient queue)
    {
        for (var i = 0; i < 100; i++)
        {
            var received = await queue.ReceiveMessagesAsync(1);
            if (received.Value.Length == 1)
            {
                var m = received.Value[0];
                await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
                return new QueueMessageEnvelope(queue.Name, m.MessageId, m.PopReceipt, m.Body.ToString(), m.DequeueCount);
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No message on {queue.Name}.");
    }
}
