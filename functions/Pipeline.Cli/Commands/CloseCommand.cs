using Pipeline.LocalHost;
using System.CommandLine;
using Pipeline.Domain;
using Pipeline.Domain.Close;
using Pipeline.Functions.Close;
using Microsoft.DurableTask.Client;
using Pipeline.Dev;

namespace Pipeline.Cli.Commands;

/// <summary><c>close start|status|decide|approve</c>: the quarterly close, as finance drives it.</summary>
public static class CloseCommand
{
    private static readonly Option<string> QuarterOption = new("--quarter") { Description = "The quarter, e.g. 2026Q3.", Required = true };

    public static Command Create() => new("close", "The quarterly close: start it, watch it, decide held payouts.")
    {
        Start(), Status(), Decide(), Approve(), ApproveTotals(),
    };

    private static Command Start()
    {
        var wait = new Option<bool>("--wait") { Description = "Run the engine here until the close completes (or waits for finance)." };
        var command = new Command("start", "Start the close of a quarter (a repeated start is a no-op).") { QuarterOption, wait };
        command.SetAction(CliAction.Run(async (parse, ct) =>
        {
            var quarter = ParseQuarter(parse);
            await using var storage = await CliStorage.OpenAsync(parse.GetValue(GlobalOptions.Storage), ct);
            if (!parse.GetValue(wait))
            {
                await using var app = await LocalApp.CreateAsync(storage.ConnectionString, cancellationToken: ct);
                var started = await Send(() => app.Closes.StartAsync(quarter, cancellationToken: ct));
                Console.WriteLine(Started(started) + " (the host or `close start --wait` runs it)");
                return 0;
            }

            await using var running = await LocalApp.StartAsync(storage.ConnectionString, cancellationToken: ct);
            var status = await RunUntilSettledAsync(running.Closes, quarter, ct);
            Console.WriteLine(CloseClient.Describe(status));
            return status?.RuntimeStatus == OrchestrationRuntimeStatus.Failed ? 1 : 0;
        }));
        return command;
    }

    /// <summary>Starts the close and waits until it completes, fails, or waits for finance.</summary>
    public static async Task<OrchestrationMetadata?> RunUntilSettledAsync(CloseClient closes, Quarter quarter, CancellationToken ct)
    {
        Console.WriteLine("   " + Started(await Send(() => closes.StartAsync(quarter, cancellationToken: ct))));
        string? last = null;
        while (true)
        {
            var status = await closes.StatusAsync(quarter, ct);
            var line = CloseClient.Describe(status);
            if (line != last) Console.WriteLine($"   {quarter}: {line}");
            last = line;
            if (status is { RuntimeStatus: OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated }
                || CloseClient.Waiting(status) is not null)
            {
                return status;
            }

            await Task.Delay(200, ct);
        }
    }

    private static Command Status()
    {
        var command = new Command("status", "Print the close's runtime status and what it is doing.") { QuarterOption };
        command.SetAction(CliAction.Run(async (parse, ct) =>
        {
            await using var storage = await CliStorage.OpenAsync(parse.GetValue(GlobalOptions.Storage), ct);
            await using var app = await LocalApp.CreateAsync(storage.ConnectionString, cancellationToken: ct);
            var status = await app.Closes.StatusAsync(ParseQuarter(parse), ct);
            Console.WriteLine(CloseClient.Describe(status));
            if (status?.FailureDetails is { } failure)
            {
                Console.WriteLine($"failure: {failure.ErrorType}: {failure.ErrorMessage}");
                Console.WriteLine("after fixing the cause, `close start` runs it again: completed work and recorded decisions are kept");
            }

            return status?.RuntimeStatus == OrchestrationRuntimeStatus.Failed ? 1 : 0;
        }));
        return command;
    }

    private static Command Decide()
    {
        var partner = new Option<string>("--partner") { Description = "The held partner.", Required = true };
        var release = new Option<bool>("--release") { Description = "Pay the held deals." };
        var exclude = new Option<bool>("--exclude-held") { Description = "Pay without the held deals." };
        var adjust = new Option<decimal?>("--adjust") { Description = "Add a finance adjustment of this USD amount." };
        var confirm = new Option<bool>("--confirm") { Description = "Confirm the adjustment another finance user entered (above the program's second-approver limit)." };
        var reason = new Option<string>("--reason") { Description = "Why.", Required = true };
        var by = new Option<string>("--by") { Description = "Who decides.", Required = true };
        var command = new Command("decide", "Decide a held payout: --release, --exclude-held, --adjust AMOUNT or --confirm.") { QuarterOption, partner, release, exclude, adjust, confirm, reason, by };
        command.SetAction(CliAction.Run(async (parse, ct) =>
        {
            var chosen = new[] { parse.GetValue(release), parse.GetValue(exclude), parse.GetValue(adjust) is not null, parse.GetValue(confirm) }.Count(x => x);
            if (chosen != 1) throw new CliException("choose exactly one of --release, --exclude-held, --adjust AMOUNT, --confirm");
            var action = parse.GetValue(release) ? DecisionActions.Release
                : parse.GetValue(exclude) ? DecisionActions.ExcludeHeld
                : parse.GetValue(confirm) ? DecisionActions.Confirm
                : DecisionActions.Adjust;
            var decision = new CloseDecision(parse.GetValue(partner)!, action, parse.GetValue(adjust), parse.GetValue(reason)!, parse.GetValue(by)!);
            await using var storage = await CliStorage.OpenAsync(parse.GetValue(GlobalOptions.Storage), ct);
            await using var app = await LocalApp.CreateAsync(storage.ConnectionString, cancellationToken: ct);
            await Send(() => app.Closes.DecideAsync(ParseQuarter(parse), decision, ct));
            Console.WriteLine($"decision sent: {action} for {decision.Partner} by {decision.By}");
            return 0;
        }));
        return command;
    }

    private static Command ApproveTotals()
    {
        var by = new Option<string>("--by") { Description = "Who approves.", Required = true };
        var reason = new Option<string?>("--reason") { Description = "Why (default: totals approved)." };
        var command = new Command("approve-totals", "Approve the quarter's totals (programs whose approvals ask for it): the close then publishes its statements.") { QuarterOption, by, reason };
        command.SetAction(CliAction.Run(async (parse, ct) =>
        {
            await using var storage = await CliStorage.OpenAsync(parse.GetValue(GlobalOptions.Storage), ct);
            await using var app = await LocalApp.CreateAsync(storage.ConnectionString, cancellationToken: ct);
            await Send(() => app.Closes.ApproveTotalsAsync(ParseQuarter(parse), parse.GetValue(by)!, parse.GetValue(reason), ct));
            Console.WriteLine("approval of the totals sent");
            return 0;
        }));
        return command;
    }

    private static Command Approve()
    {
        var by = new Option<string>("--by") { Description = "Who approves.", Required = true };
        var reason = new Option<string?>("--reason") { Description = "Why (default: approved as computed)." };
        var command = new Command("approve", "Approve every held payout as computed (held deals excluded).") { QuarterOption, by, reason };
        command.SetAction(CliAction.Run(async (parse, ct) =>
        {
            await using var storage = await CliStorage.OpenAsync(parse.GetValue(GlobalOptions.Storage), ct);
            await using var app = await LocalApp.CreateAsync(storage.ConnectionString, cancellationToken: ct);
            await Send(() => app.Closes.ApproveAsync(ParseQuarter(parse), parse.GetValue(by)!, parse.GetValue(reason), ct));
            Console.WriteLine("approval sent");
            return 0;
        }));
        return command;
    }

    private static string Started(CloseStart started) =>
        started.Created
            ? $"{started.InstanceId}: {(started.Resumed ? $"started again after {started.Existing} (completed work and recorded decisions are kept)" : "started")}"
            : $"{started.InstanceId}: already exists ({started.Existing}); nothing new started";

    /// <summary>A start or decision the close's state does not allow is refused with the reason, and nothing is sent.</summary>
    private static async Task Send(Func<Task> send) => await Send(async () =>
    {
        await send();
        return true;
    });

    private static async Task<T> Send<T>(Func<Task<T>> send)
    {
        try
        {
            return await send();
        }
        catch (CloseConflictException e)
        {
            throw new CliException(e.Message);
        }
    }

    private static Quarter ParseQuarter(ParseResult parse) =>
        Quarter.TryParse(parse.GetValue(QuarterOption), out var q) ? q : throw new CliException($"'{parse.GetValue(QuarterOption)}' is not a quarter (e.g. 2026Q3)");
}
