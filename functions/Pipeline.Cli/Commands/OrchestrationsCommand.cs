using System.CommandLine;
using Pipeline.Orchestration;
using Spectre.Console;

namespace Pipeline.Cli.Commands;

/// <summary><c>orchestrations list|status|terminate|purge</c>: the operator's view of the engine's instances.</summary>
public static class OrchestrationsCommand
{
    public static Command Create()
    {
        var statusFilter = new Option<OrchestrationRuntimeStatus[]>("--status") { Description = "Only instances in these states.", AllowMultipleArgumentsPerToken = true };
        var list = new Command("list", "List instances, newest first.") { statusFilter };
        list.SetAction(CliAction.Run(async (parse, ct) =>
        {
            await using var storage = await CliStorage.OpenAsync(parse.GetValue(GlobalOptions.Storage), ct);
            await using var app = await AppServices.CreateAsync(storage.ConnectionString, cancellationToken: ct);
            var filter = new InstanceFilter { Statuses = parse.GetValue(statusFilter) is { Length: > 0 } s ? s : null };
            var table = new Table().AddColumns("instance", "name", "status", "custom status", "created", "updated");
            var rows = new List<OrchestrationStatus>();
            await foreach (var i in app.Get<OrchestrationClient>().QueryAsync(filter, ct)) rows.Add(i);
            foreach (var i in rows.OrderByDescending(r => r.CreatedAt))
            {
                table.AddRow(Markup.Escape(i.InstanceId), Markup.Escape(i.Name), i.RuntimeStatus.ToString(), Markup.Escape(i.CustomStatus ?? ""),
                    i.CreatedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture), i.LastUpdatedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
            return 0;
        }));

        var id = new Argument<string>("INSTANCE") { Description = "Instance id, e.g. close-2026Q3." };
        var status = new Command("status", "Show one instance: status, custom status, input, output, failure.") { id };
        status.SetAction(CliAction.Run(async (parse, ct) =>
        {
            await using var storage = await CliStorage.OpenAsync(parse.GetValue(GlobalOptions.Storage), ct);
            await using var app = await AppServices.CreateAsync(storage.ConnectionString, cancellationToken: ct);
            var s = await app.Get<OrchestrationClient>().GetStatusAsync(parse.GetValue(id)!, ct) ?? throw new CliException($"no instance '{parse.GetValue(id)}'");
            Console.WriteLine($"instance     {s.InstanceId} ({s.Name}, execution {s.ExecutionId})");
            Console.WriteLine($"status       {s.RuntimeStatus}");
            Console.WriteLine($"custom       {s.CustomStatus}");
            Console.WriteLine($"created      {s.CreatedAt:u}  updated {s.LastUpdatedAt:u}  history {s.HistoryCount} event(s)");
            Console.WriteLine($"input        {s.Input}");
            Console.WriteLine($"output       {s.Output}");
            if (s.Failure is not null) Console.WriteLine($"failure      {s.Failure}");
            return 0;
        }));

        var reason = new Option<string>("--reason") { Description = "Why (recorded in history).", DefaultValueFactory = _ => "terminated by an operator" };
        var terminate = new Command("terminate", "Stop an instance; it becomes Terminated with the reason.") { id, reason };
        terminate.SetAction(CliAction.Run(async (parse, ct) =>
        {
            await using var storage = await CliStorage.OpenAsync(parse.GetValue(GlobalOptions.Storage), ct);
            await using var app = await AppServices.CreateAsync(storage.ConnectionString, cancellationToken: ct);
            await app.Get<OrchestrationClient>().TerminateAsync(parse.GetValue(id)!, parse.GetValue(reason), ct);
            Console.WriteLine($"termination of {parse.GetValue(id)} requested");
            return 0;
        }));

        var olderThan = new Option<int?>("--older-than-days") { Description = "Purge finished instances created more than N days ago (instead of one instance)." };
        var purgeId = new Argument<string?>("INSTANCE") { Description = "Instance id to purge.", Arity = ArgumentArity.ZeroOrOne };
        var purge = new Command("purge", "Delete the history and status of a finished instance, or of all finished instances older than N days.") { purgeId, olderThan };
        purge.SetAction(CliAction.Run(async (parse, ct) =>
        {
            await using var storage = await CliStorage.OpenAsync(parse.GetValue(GlobalOptions.Storage), ct);
            await using var app = await AppServices.CreateAsync(storage.ConnectionString, cancellationToken: ct);
            var client = app.Get<OrchestrationClient>();
            if (parse.GetValue(olderThan) is { } days)
            {
                var n = await client.PurgeAsync(new InstanceFilter
                {
                    Statuses = [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated],
                    CreatedBefore = DateTime.UtcNow.AddDays(-days),
                }, ct);
                Console.WriteLine($"purged {n} instance(s)");
            }
            else if (parse.GetValue(purgeId) is { } one)
            {
                Console.WriteLine(await client.PurgeAsync(one, ct) ? $"purged {one}" : $"nothing to purge for {one}");
            }
            else
            {
                throw new CliException("give an INSTANCE or --older-than-days N");
            }

            return 0;
        }));

        return new Command("orchestrations", "Operate the durable orchestrations (the quarterly close...).") { list, status, terminate, purge };
    }
}
