using System.CommandLine;
using Pipeline.Statements;
using Pipeline.Azure;
using Pipeline.Ingest;
using Pipeline.Dev;
using Pipeline.Terms;

namespace Pipeline.Cli.Commands;

/// <summary><c>config import</c>: validates finance's reference files locally, then uploads them to the config container.</summary>
public static class ConfigCommand
{
    public static Command Create()
    {
        var partners = new Option<FileInfo?>("--partners") { Description = "Partner registry CSV (partner_id,name,type,base_fee,quarterly_target,joined,status)." };
        var fx = new Option<FileInfo[]>("--fx") { Description = "FX rate CSV files (date,currency,usd_per_unit); repeatable.", AllowMultipleArgumentsPerToken = true };
        var profiles = new Option<string[]>("--profile") { Description = "Partner profile as PARTNER=FILE.json (header aliases, date format, decimal separator); repeatable." };
        var effective = new Option<string?>("--effective-from")
        {
            Description = "The first quarter the partner registry governs (default: the first quarter not closed yet). Closed quarters keep the terms they were closed with.",
        };
        var import = new Command("import", "Validate reference files and upload them to the config container. Nothing is uploaded unless every file is valid.") { partners, effective, fx, profiles };
        import.SetAction(CliAction.Run(async (parse, ct) =>
        {
            var uploads = new List<(string Blob, byte[] Content)>();
            var problems = new List<string>();
            byte[]? registry = null;
            Pipeline.Domain.Quarter? effectiveFrom = null;
            if (parse.GetValue(effective) is { } e)
            {
                if (parse.GetValue(partners) is null) throw new CliException("--effective-from applies to --partners");
                effectiveFrom = Pipeline.Domain.Quarter.TryParse(e, out var q) ? q : throw new CliException($"--effective-from '{e}' is not a quarter (2027Q1)");
            }

            if (parse.GetValue(partners) is { } p)
            {
                var bytes = await ReadAsync(p, ct);
                var loaded = await ReferenceDataLoader.LoadPartnersAsync(new MemoryStream(bytes), p.Name, StatementFonts.Printable, ct);
                problems.AddRange(loaded.Problems.Select(x => $"{p.Name}: {x}"));
                registry = bytes;
            }

            var fxFiles = new List<(string, IReadOnlyList<Pipeline.Domain.Reference.FxRate>)>();
            foreach (var f in parse.GetValue(fx) ?? [])
            {
                var bytes = await ReadAsync(f, ct);
                var loaded = await ReferenceDataLoader.LoadFxRatesAsync(new MemoryStream(bytes), f.Name, ct);
                problems.AddRange(loaded.Problems.Select(x => $"{f.Name}: {x}"));
                if (loaded.Value is not null) fxFiles.Add((f.Name, loaded.Value));
                uploads.Add((ReferenceDataLoader.FxPrefix + f.Name, bytes));
            }

            problems.AddRange(ReferenceDataLoader.MergeFx(fxFiles).Problems);
            foreach (var spec in parse.GetValue(profiles) ?? [])
            {
                var parts = spec.Split('=', 2);
                if (parts.Length != 2) throw new CliException($"--profile '{spec}': expected PARTNER=FILE");
                var bytes = await ReadAsync(new FileInfo(parts[1]), ct);
                problems.AddRange(ReferenceDataLoader.ParseProfile(bytes).Problems.Select(x => $"{parts[1]}: {x}"));
                uploads.Add((ReferenceDataLoader.ProfileBlob(parts[0]), bytes));
            }

            if (uploads.Count == 0 && registry is null) throw new CliException("nothing to import: give --partners, --fx or --profile");
            if (problems.Count > 0)
            {
                foreach (var problem in problems) await Console.Error.WriteLineAsync($"invalid: {problem}");
                throw new CliException($"{problems.Count} problem(s); nothing was imported");
            }

            await using var storage = await CliStorage.OpenAsync(parse.GetValue(GlobalOptions.Storage), ct);
            var account = new StorageAccount(storage.ConnectionString);
            await account.EnsureCreatedAsync(ct);
            if (registry is not null)
            {
                var terms = new PartnerTermsStore(account, new ReferenceDataStore(account), new ClosedQuarterLedger(account), TimeProvider.System);
                try
                {
                    var version = await terms.ImportAsync(registry, Environment.UserName, effectiveFrom, ct);
                    Console.WriteLine($"imported config/{ReferenceDataLoader.PartnersBlob} ({registry.Length:N0} bytes), kept as config/{version.Name}, governing {(version.EffectiveFrom == new Pipeline.Domain.Quarter(2000, 1) ? "every quarter until a later import" : $"{version.EffectiveFrom} on")}");
                }
                catch (InvalidOperationException ex)
                {
                    throw new CliException($"--partners: {ex.Message}; nothing was imported");
                }
            }

            foreach (var (blob, content) in uploads)
            {
                await account.Container(Names.Config).GetBlobClient(blob).UploadAsync(new BinaryData(content), overwrite: true, ct);
                Console.WriteLine($"imported config/{blob} ({content.Length:N0} bytes)");
            }

            return 0;
        }));

        return new Command("config", "Finance's reference data: partner registry, FX rates, partner profiles.") { import };
    }

    private static async Task<byte[]> ReadAsync(FileInfo file, CancellationToken ct) =>
        file.Exists ? await File.ReadAllBytesAsync(file.FullName, ct) : throw new CliException($"file not found: {file.FullName}");
}
