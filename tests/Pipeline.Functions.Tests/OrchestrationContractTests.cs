using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Functions.Orchestrations;
using Pipeline.Orchestration;
using Pipeline.Orchestration.Storage;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Functions.Tests;

/// <summary>
/// The engine under the Functions host: this test plays the host, taking each message from the task hub's queues
/// and POSTing it to the queueTrigger function that listens on that queue, one message per invocation, deleting it
/// on 2xx as the host does. The orchestration must complete exactly as under the local worker.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class OrchestrationContractTests(AzuriteFixture azurite)
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task An_orchestration_completes_when_the_host_delivers_its_messages_one_invocation_at_a_time()
    {
        await using var app = await TestApp.StartAsync(azurite.NewConnectionString(), underFunctionsHost: true,
            services => services.AddSingleton<IOrchestrationModule, GreetingModule>());
        var client = app.Services.GetRequiredService<OrchestrationClient>();
        var hub = app.Services.GetRequiredService<OrchestrationStorage>().Names;
        var functionFor = app.Services.GetRequiredService<Hosting.FunctionCatalog>().Definitions
            .Where(d => d.QueueName is not null && d.Name.StartsWith("Orchestration", StringComparison.Ordinal))
            .ToDictionary(d => d.QueueName!, d => d.Name);

        await client.ScheduleNewAsync("Greeting", "greeting-1", new[] { "Ada", "Grace", "Edsger" });
        var invocations = 0;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await client.GetStatusAsync("greeting-1"))!.RuntimeStatus is not OrchestrationRuntimeStatus.Completed and not OrchestrationRuntimeStatus.Failed
               && DateTime.UtcNow < deadline)
        {
            foreach (var queueName in hub.ControlQueues.Append(hub.WorkItemQueue))
            {
                var queue = app.Storage.Queues.GetQueueClient(queueName);
                var received = (await queue.ReceiveMessagesAsync(16, TimeSpan.FromSeconds(30))).Value;
                foreach (var message in received)
                {
                    var payload = new JsonObject
                    {
                        ["Data"] = new JsonObject { ["message"] = message.Body.ToString() },
                        ["Metadata"] = new JsonObject { ["DequeueCount"] = message.DequeueCount, ["Id"] = message.MessageId, ["PopReceipt"] = message.PopReceipt },
                    };
                    var response = await Http.PostAsJsonAsync(new Uri(app.BaseAddress, functionFor[queueName]), payload);
                    invocations++;
                    if (response.StatusCode == HttpStatusCode.OK) await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                    else await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero);
                }
            }

            await Task.Delay(50);
        }

        var status = await client.GetStatusAsync("greeting-1");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, status!.RuntimeStatus);
        Assert.Equal("Hello Ada, Hello Grace, Hello Edsger", status.ReadOutput<string>());
        Assert.True(invocations >= 7, $"expected one invocation per message (start, 3 activities, 3 results), got {invocations}");
    }

    private sealed class GreetingModule : IOrchestrationModule
    {
        public void Register(OrchestrationRegistry registry, IServiceProvider services) => registry
            .AddOrchestrator("Greeting", async context =>
            {
                var names = context.GetInput<string[]>() ?? [];
                var greetings = await Task.WhenAll(names.Select(n => context.CallActivityAsync<string>("Greet", n)));
                return string.Join(", ", greetings);
            })
            .AddActivity<string, string>("Greet", name => $"Hello {name}");
    }
}
