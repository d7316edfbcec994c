using System.CommandLine;
using System.Globalization;
using Microsoft.DurableTask.Client;
using Pipeline.LocalHost;
using Spectre.Console;
using Pipeline.Dev;

namespace Pipeline.Cli.Commands;

/// <summary><c>orchestrations list|status|terminate|purge</c>: the operator's view of the task hub's instances, through
/// the Durable Task client.</summary>
public static class OrchestrationsCommand
{
    public static Command Create()
    {
        var statusFilter = new Option<OrchestrationRuntimeStatus[]>("--status") { Description = "Only instances in these states.", AllowMultipleArgumentsPerToken = true };
        var list = new Command("list", "List instances, newest first.") { statusFilter };
        list.SetAction(CliAction.Run(async (parse, ct) =>
        {
            await using var storage = await CliStorage.OpenAsync(parse.GetValue(GlobalOptions.Storage), ct);
            await using var app = await LocalApp.CreateAsync(storage.ConnectionString, cancellationToken: ct);
            var query = new OrchestrationQuery { Statuses = parse.GetValue(statusFilter) is { Length: > 0 } s ? s : null };
            var table = new Table().AddColumns("instance", "name", "status", "custom status", "created", "updated");
            var rows = new List<OrchestrationMetadata>();
            await foreach (var i in app.Get<DurableTaskClient>().GetAllInstancesAsync(query).WithCancellation(ct)) rows.Add(i);
            foreach (var i in rows.OrderByDescending(r => r.CreatedAt))
            {
                table.AddRow(Markup.Escape(i.InstanceId), Markup.Escape(i.Name), i.RuntimeStatus.ToString(), Markup.Escape(Custom(i)),
                    i.CreatedAt.ToString("u", CultureInfo.InvariantCulture), i.LastUpdatedAt.ToString("u", CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
            return 0;
        }));

        var id = new Argument<string>("INSTANCE") { Description = "Instance id, e.g. close-2026Q3." };
        var status = new Command("status", "Show one instance: status, custom status, input, output, failure.") { id };
        status.SetAction(CliAction.Run(async (parse, ct) =>
        {
            await using var storage = await CliStorage.OpenAsync(parse.GetValue(GlobalOptions.Storage), ct);
            await using var app = await LocalApp.CreateAsync(storage.ConnectionString, cancellationToken: ct);
            var s = await app.Get<DurableTaskClient>().GetInstanceAsync(parse.GetValue(id)!, getInputsAndOutputs: true, ct)
                    ?? throw new CliException($"no instance '{parse.GetValue(id)}'");
            Console.WriteLine($"instance     {s.InstanceId} ({s.Name})");
            Console.WriteLine($"status       {s.RuntimeStatus}");
            Console.WriteLine($"custom       {Custom(s)}");
            Console.WriteLine($"created      {s.CreatedAt:u}  updated {s.LastUpdatedAt:u}");
            Console.WriteLine($"input        {s.SerializedInput}");
            Console.WriteLine($"output       {s.SerializedOutput}");
            if (s.FailureDetails is { } f) Console.WriteLine($"failure      {f.ErrorType}: {f.ErrorMessage}");
            return 0;
        }));

        var reason = new Option<string>("--reason") { Description = "Why (recorded as the instance's output).", DefaultValueFactory = _ => "terminated by an operator" };
        var terminate = new Command("terminate", "Stop an instance; it becomes Terminated with the reason.") { id, reason };
        terminate.SetAction(CliAction.Run(async (parse, ct) =>
        {
            await using var storage = await CliStorage.OpenAsync(parse.GetValue(GlobalOptions.Storage), ct);
            await using var app = await LocalApp.CreateAsync(storage.ConnectionString, cancellationToken: ct);
            await app.Get<DurableTaskClient>().TerminateInstanceAsync(parse.GetValue(id)!, new TerminateInstanceOptions { Output = parse.GetValue(reason) }, ct);
            Console.WriteLine($"termination of {parse.GetValue(id)} requested");
            return 0;
        }));

        var olderThan = new Option<int?>("--older-than-days") { Description = "Purge finished instances created more than N days ago (instead of one instance)." };
        var purgeId = new Argument<string?>("INSTANCE") { Description = "Instance id to purge.", Arity = ArgumentArity.ZeroOrOne };
        var purge = new Command("purge", "Delete the history and status of a finished instance, or of all finished instances older than N days (the ledger keeps the money records).") { purgeId, olderThan };
        purge.SetAction(CliAction.Run(async (parse, ct) =>
        {
            await using var storage = await CliStorage.OpenAsync(parse.GetValue(GlobalOptions.Storage), ct);
            await using var app = await LocalApp.CreateAsync(storage.ConnectionString, cancellationToken: ct);
            var client = app.Get<DurableTaskClient>();
            if (parse.GetValue(olderThan) is { } days)
            {
                var result = await client.PurgeAllInstancesAsync(new PurgeInstancesFilter(
                    CreatedTo: DateTimeOffset.UtcNow.AddDays(-days),
                    Statuses: [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated]), ct);
                Console.WriteLine($"purged {result.PurgedInstanceCount} instance(s)");
            }
            else if (parse.GetValue(purgeId) is { } one)
            {
                var result = await client.PurgeInstanceAsync(one, ct);
                Console.WriteLine(result.PurgedInstanceCount > 0 ? $"purged {one}" : $"nothing to purge for {one} (unknown, or still running)");
            }
            else
            {
                throw new CliException("give an INSTANCE or --older-than-days N");
            }

            return 0;
        }));

        return new Command("orchestrations", "Operate the durable orchestrations (the quarterly close...).") { list, status, terminate, purge };
    }

    /// <summary>The custom status as text: a string status as itself, anything else as its JSON.</summary>
    private static string Custom(OrchestrationMetadata instance) =>
        instance.SerializedCustomStatus is { Length: > 0 } json && json[0] == '"' ? instance.ReadCustomStatusAs<string>() ?? "" : instance.SerializedCustomStatus ?? "";
}
