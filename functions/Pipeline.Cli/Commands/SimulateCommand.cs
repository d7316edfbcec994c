using Pipeline.LocalHost;
using System.CommandLine;
using System.Globalization;
using Pipeline.Domain;
using Pipeline.Domain.Payouts;
using Pipeline.Domain.Programs;
using Pipeline.Functions.Close;
using Spectre.Console;
using Pipeline.Dev;
using Pipeline.Close;

namespace Pipeline.Cli.Commands;

/// <summary>
/// <c>simulate --quarter Q --program FILE</c>: the quarter under an edited program next to the current one, from
/// the lake as it stands, publishing nothing: the cost of the incentives in total, by plan, by tier, and the
/// largest changes per partner.
/// </summary>
public static class SimulateCommand
{
    public static Command Create()
    {
        var quarter = new Option<string>("--quarter") { Description = "Quarter to compute, e.g. 2026Q3.", Required = true };
        var program = new Option<FileInfo>("--program") { Description = "The edited program definition (JSON).", Required = true };
        var top = new Option<int>("--top") { Description = "How many per-partner changes to list.", DefaultValueFactory = _ => 10 };
        var command = new Command("simulate", "Compute a quarter under an edited program next to the current one, without publishing anything, and print what it would cost.") { quarter, program, top };
        command.SetAction(CliAction.Run(async (parse, ct) =>
        {
            if (!Quarter.TryParse(parse.GetValue(quarter), out var q)) throw new CliException($"'{parse.GetValue(quarter)}' is not a quarter (e.g. 2026Q3)");
            var file = parse.GetValue(program)!;
            if (!file.Exists) throw new CliException($"file not found: {file.FullName}");
            IncentiveProgram candidate;
            try
            {
                await using var stream = file.OpenRead();
                candidate = ProgramDefinitions.Load(stream);
            }
            catch (ProgramDefinitionException e)
            {
                foreach (var error in e.Errors) await Console.Error.WriteLineAsync($"{file.Name}: {error.Path}: {error.Message}");
                throw new CliException($"{file.Name} is not a valid program ({e.Errors.Count} problem(s))");
            }

            await using var storage = await CliStorage.OpenAsync(parse.GetValue(GlobalOptions.Storage), ct);
            await using var app = await LocalApp.CreateAsync(storage.ConnectionString, cancellationToken: ct);
            // Compared with the version in force for the quarter (the one its close would use).
            var baseline = await app.Get<Pipeline.Terms.ProgramStore>().InForceAsync(q, ct);
            var inputs = (await app.Get<QuarterProjection>().ComputeAsync(q, baseline, cancellationToken: ct)).Select(c => c.Input).ToList();
            var comparison = ProgramComparer.Compare(inputs, baseline, candidate, parse.GetValue(top));
            Print(q, comparison);
            return 0;
        }));
        return command;
    }

    private static void Print(Quarter quarter, ProgramComparison c)
    {
        static string M(decimal v) => v.ToString("#,##0.00;-#,##0.00", CultureInfo.InvariantCulture);
        AnsiConsole.MarkupLine($"[bold]{quarter}[/]: {Markup.Escape(c.Baseline)} → {Markup.Escape(c.Candidate)} (nothing published)");
        AnsiConsole.MarkupLine($"total cost {M(c.BaselineTotal)} → {M(c.CandidateTotal)}  change [bold]{M(c.Change)}[/]");
        var groups = new Table().AddColumns("plan", "tier", "partners", "current", "edited", "change");
        foreach (var g in c.ByPlan.Concat(c.ByTier))
        {
            groups.AddRow(Markup.Escape(g.Plan), Markup.Escape(g.Tier ?? "(all)"), $"{g.BaselinePartners} → {g.CandidatePartners}", M(g.BaselineTotal), M(g.CandidateTotal), M(g.Change));
        }

        AnsiConsole.Write(groups);
        var changes = new Table().AddColumns("partner", "current", "edited", "change");
        foreach (var p in c.TopChanges) changes.AddRow(Markup.Escape(p.PartnerId), M(p.BaselineTotal), M(p.CandidateTotal), M(p.Change));
        AnsiConsole.MarkupLine("largest changes per partner:");
        AnsiConsole.Write(changes);
    }
}
