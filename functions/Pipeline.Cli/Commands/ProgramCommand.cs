using System.CommandLine;
using Pipeline.Domain;
using Pipeline.Domain.Programs;
using Pipeline.LocalHost;
using Pipeline.Access;
using Pipeline.Terms;
using Pipeline.Dev;

namespace Pipeline.Cli.Commands;

/// <summary>
/// <c>program import|approve|list|show|diff</c>: the incentive program's versions. An import validates the file and
/// stores it waiting for approval; a second finance user approves it; from then on it governs the quarters from its
/// <c>effectiveFrom</c>. Who imports and who approves is the owner of the finance key given (never a name typed in).
/// </summary>
public static class ProgramCommand
{
    public const string KeyVariable = "PIPELINE_FINANCE_KEY";

    public static Command Create() => new("program", "The incentive program's versions: import, approve (a second finance user), list, show, diff.")
    {
        Import(), Approve(), List(), Show(), Diff(),
    };

    private static Option<string?> KeyOption() => new("--key")
    {
        Description = $"Your finance key with the approver role (default: the {KeyVariable} environment variable). Its owner is recorded.",
    };

    private static Command Import()
    {
        var file = new Argument<FileInfo>("file") { Description = "The program file (JSON)." };
        var key = KeyOption();
        var command = new Command("import", "Validate a program file and store it as a new version waiting for a second approver. An invalid file stores nothing.") { file, key };
        command.SetAction(CliAction.Run(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists) throw new CliException($"{path.FullName}: no such file");
            if (path.Length > 1024 * 1024) throw new CliException($"{path.Name}: {path.Length:N0} bytes; a program file is at most 1 MB");
            var text = await File.ReadAllTextAsync(path.FullName, ct);
            await using var app = await OpenAsync(parse, ct);
            var by = await IdentityAsync(app, parse.GetValue(key), ct);
            var info = await GuardAsync(() => app.Get<ProgramStore>().ImportAsync(text, by, ct), path.Name);
            Console.WriteLine($"{info.Version}: imported by {info.ImportedBy}, takes effect in {info.EffectiveFrom} once another finance user approves it (pipeline program approve {info.Version}).");
            return 0;
        }));
        return command;
    }

    private static Command Approve()
    {
        var version = new Argument<string>("version") { Description = "The version to approve." };
        var key = KeyOption();
        var command = new Command("approve", "Approve a version someone else imported; it governs the quarters from its effectiveFrom on.") { version, key };
        command.SetAction(CliAction.Run(async (parse, ct) =>
        {
            await using var app = await OpenAsync(parse, ct);
            var by = await IdentityAsync(app, parse.GetValue(key), ct);
            var info = await GuardAsync(() => app.Get<ProgramStore>().ApproveAsync(parse.GetValue(version)!, by, ct), parse.GetValue(version)!);
            Console.WriteLine($"{info.Version}: approved by {info.ApprovedBy}; governs {info.EffectiveFrom} on (imported by {info.ImportedBy}).");
            return 0;
        }));
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "Every version: when it takes effect, who imported and approved it, and which governs the current quarter.");
        command.SetAction(CliAction.Run(async (parse, ct) =>
        {
            await using var app = await OpenAsync(parse, ct);
            var store = app.Get<ProgramStore>();
            var current = Quarter.Of(DateOnly.FromDateTime(DateTime.UtcNow));
            var inForce = await store.InForceAsync(current, ct);
            foreach (var v in await store.ListAsync(ct))
            {
                var who = v.BuiltIn ? "shipped with the pipeline" : $"imported by {v.ImportedBy} {v.ImportedAt:yyyy-MM-dd HH:mm}Z" +
                    (v.ApprovedBy is null ? "" : $", approved by {v.ApprovedBy} {v.ApprovedAt:yyyy-MM-dd HH:mm}Z");
                Console.WriteLine($"{v.Version,-12} from {v.EffectiveFrom}  {v.State,-30} {who}{(v.Version == inForce.Version ? $"  (in force for {current})" : "")}");
            }

            return 0;
        }));
        return command;
    }

    private static Command Show()
    {
        var version = new Argument<string>("version") { Description = "The version to print (as stored)." };
        var command = new Command("show", "Print a version's program file.") { version };
        command.SetAction(CliAction.Run(async (parse, ct) =>
        {
            await using var app = await OpenAsync(parse, ct);
            var program = await GuardAsync(() => app.Get<ProgramStore>().GetAsync(parse.GetValue(version)!, ct), parse.GetValue(version)!);
            Console.WriteLine(ProgramDefinitions.Save(program));
            return 0;
        }));
        return command;
    }

    private static Command Diff()
    {
        var from = new Argument<string>("from") { Description = "The earlier version." };
        var to = new Argument<string>("to") { Description = "The later version." };
        var command = new Command("diff", "What changed between two versions, one line per value (plans[growth-reseller].bands[core].rate: 0.08 → 0.10).") { from, to };
        command.SetAction(CliAction.Run(async (parse, ct) =>
        {
            await using var app = await OpenAsync(parse, ct);
            var store = app.Get<ProgramStore>();
            var a = await GuardAsync(() => store.GetAsync(parse.GetValue(from)!, ct), parse.GetValue(from)!);
            var b = await GuardAsync(() => store.GetAsync(parse.GetValue(to)!, ct), parse.GetValue(to)!);
            var lines = ProgramDiff.Describe(a, b);
            if (lines.Count == 0) Console.WriteLine("no differences");
            foreach (var line in lines) Console.WriteLine(line);
            return 0;
        }));
        return command;
    }

    private static async Task<Session> OpenAsync(ParseResult parse, CancellationToken ct)
    {
        var storage = await CliStorage.OpenAsync(parse.GetValue(GlobalOptions.Storage), ct);
        try
        {
            return new Session(storage, await LocalApp.CreateAsync(storage.ConnectionString, cancellationToken: ct));
        }
        catch
        {
            await storage.DisposeAsync();
            throw;
        }
    }

    /// <summary>The storage (Azurite started for the command, if any) and the app's services over it.</summary>
    private sealed class Session(CliStorage storage, LocalApp app) : IAsyncDisposable
    {
        public T Get<T>() where T : notnull => app.Get<T>();

        public async ValueTask DisposeAsync()
        {
            await app.DisposeAsync();
            await storage.DisposeAsync();
        }
    }

    /// <summary>The owner of the finance key: only an approver key may import or approve a program.</summary>
    private static async Task<string> IdentityAsync(Session app, string? key, CancellationToken ct)
    {
        key ??= Environment.GetEnvironmentVariable(KeyVariable);
        if (string.IsNullOrWhiteSpace(key)) throw new CliException($"give your finance key with --key or {KeyVariable}: its owner is recorded as who imported or approved");
        var check = await app.Get<ApiKeyStore>().VerifyAsync(key, ct);
        if (!check.IsValid || check.Key is null) throw new CliException($"the finance key is {check.Verdict.ToString().ToLowerInvariant()}");
        if (check.Key.Kind != ApiKeyKind.Finance || check.Key.Role != ApiKeyRoles.Approver)
            throw new CliException($"key {check.PublicId} is a {check.Key.Kind.ToString().ToLowerInvariant()} {check.Key.Role} key; programs are imported and approved with a finance approver key");
        return check.Key.Subject;
    }

    private static async Task<T> GuardAsync<T>(Func<Task<T>> call, string what)
    {
        try
        {
            return await call();
        }
        catch (ProgramDefinitionException e)
        {
            throw new CliException($"{what}: {e.Message}; nothing was stored");
        }
        catch (ProgramConflictException e)
        {
            throw new CliException(e.Message);
        }
        catch (KeyNotFoundException e)
        {
            throw new CliException(e.Message);
        }
    }
}
