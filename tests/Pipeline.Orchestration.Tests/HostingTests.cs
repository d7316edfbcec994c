using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pipeline.Orchestration.Messaging;
using Pipeline.Orchestration.Storage;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Orchestration.Tests;

[Collection(AzuriteFixture.Collection)]
public sealed class HostingTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_single_message_handlers_run_an_orchestration_the_way_the_Functions_host_calls_them()
    {
        // The Functions host hands one message per invocation and deletes it on 2xx, retries it on non-2xx.
        await using var hub = await TestHub.StartAsync(azurite, r => r
            .AddActivity<int, int>("Twice", i => i * 2)
            .AddOrchestrator("Mixed", async ctx =>
            {
                var parts = await Task.WhenAll(Enumerable.Range(1, 10).Select(i => ctx.CallActivityAsync<int>("Twice", i)));
                await ctx.CreateTimer(ctx.CurrentUtcDateTime.AddSeconds(1), CancellationToken.None);
                return parts.Sum() + await ctx.WaitForExternalEvent<int>("bonus");
            }), startWorker: false);
        using var stop = new CancellationTokenSource();
        var host = Task.WhenAll(hub.Storage.Names.ControlQueues.Select(q => InvokePerMessageAsync(hub, q, control: true, stop.Token))
            .Append(InvokePerMessageAsync(hub, hub.Storage.Names.WorkItemQueue, control: false, stop.Token)));

        await hub.Client.ScheduleNewAsync("Mixed", "host-1");
        await hub.Client.RaiseEventAsync("host-1", "bonus", 1000);
        var status = await hub.WaitAsync("host-1", 60);
        await stop.CancelAsync();
        await host;

        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        Assert.Equal(110 + 1000, status.ReadOutput<int>());
    }

    [Fact]
    public async Task The_DI_registration_runs_the_worker_as_a_hosted_service_and_stops_gracefully()
    {
        var connection = azurite.NewConnectionString();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddOrchestrations(connection, r => r
            .AddActivity<string, string>("Hello", s => $"hello {s}")
            .AddOrchestrator("Greet", async ctx => await ctx.CallActivityAsync<string>("Hello", ctx.GetInput<string>())),
            TestHub.FastOptions);
        builder.Services.AddOrchestrationWorker(TestHub.FastWorker);
        using var app = builder.Build();
        await app.Services.GetRequiredService<OrchestrationStorage>().EnsureCreatedAsync();
        await app.StartAsync();

        var client = app.Services.GetRequiredService<OrchestrationClient>();
        await client.ScheduleNewAsync("Greet", "di-1", "lead");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var status = await client.WaitForCompletionAsync("di-1", timeout.Token);
        await app.StopAsync(timeout.Token);

        Assert.Equal("hello lead", status.ReadOutput<string>());
    }

    /// <summary>A stand-in for one queueTrigger function: one message per invocation, delete on Completed, retry later on Retry.</summary>
    private static async Task InvokePerMessageAsync(TestHub hub, string queueName, bool control, CancellationToken cancellationToken)
    {
        var queue = hub.Storage.Queues.Queue(queueName);
        while (!cancellationToken.IsCancellationRequested)
        {
            var received = (await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(10), CancellationToken.None)).Value;
            if (received.Length == 0)
            {
                try
                {
                    await Task.Delay(30, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            var m = received[0];
            var envelope = new QueueMessageEnvelope(queueName, m.MessageId, m.PopReceipt, m.Body.ToString(), m.DequeueCount);
            var outcome = control
                ? await hub.Engine.HandleControlMessageAsync(envelope, CancellationToken.None)
                : await hub.Engine.HandleWorkItemAsync(envelope, CancellationToken.None);
            if (outcome == MessageOutcome.Completed) await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt, CancellationToken.None);
            else await queue.UpdateMessageAsync(m.MessageId, m.PopReceipt, visibilityTimeout: TimeSpan.FromMilliseconds(200), cancellationToken: CancellationToken.None);
        }
    }
}
