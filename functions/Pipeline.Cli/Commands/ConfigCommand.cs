using System.CommandLine;
using Pipeline.Statements;
using Pipeline.Storage;
using Pipeline.Storage.Ingest;

namespace Pipeline.Cli.Commands;

/// <summary><c>config import</c>: validates finance's reference files locally, then uploads them to the config container.</summary>
public static class ConfigCommand
{
    public static Command Create()
    {
        var partners = new Option<FileInfo?>("--partners") { Description = "Partner registry CSV (partner_id,name,type,base_fee,quarterly_target,joined,status)." };
        var fx = new Option<FileInfo[]>("--fx") { Description = "FX rate CSV files (date,currency,usd_per_unit); repeatable.", AllowMultipleArgumentsPerToken = true };
        var profiles = new Option<string[]>("--profile") { Description = "Partner profile as PARTNER=FILE.json (header aliases, date format, decimal separator); repeatable." };
        var import = new Command("import", "Validate reference files and upload them to the config container. Nothing is uploaded unless every file is valid.") { partners, fx, profiles };
        import.SetAction(CliAction.Run(async (parse, ct) =>
        {
            var uploads = new List<(string Blob, byte[] Content)>();
            var problems = new List<string>();
            if (parse.GetValue(partners) is { } p)
            {
                var bytes = await ReadAsync(p, ct);
                var loaded = await ReferenceDataLoader.LoadPartnersAsync(new MemoryStream(bytes), p.Name, StatementFonts.Printable, ct);
                problems.AddRange(loaded.Problems.Select(x => $"{p.Name}: {x}"));
                uploads.Add((ReferenceDataLoader.PartnersBlob, bytes));
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

            if (uploads.Count == 0) throw new CliException("nothing to import: give --partners, --fx or --profile");
            if (problems.Count > 0)
            {
                foreach (var problem in problems) await Console.Error.WriteLineAsync($"invalid: {problem}");
                throw new CliException($"{problems.Count} problem(s); nothing was imported");
            }

            await using var storage = await CliStorage.OpenAsync(parse.GetValue(GlobalOptions.Storage), ct);
            var account = new StorageAccount(storage.ConnectionString);
            await account.EnsureCreatedAsync(ct);
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
