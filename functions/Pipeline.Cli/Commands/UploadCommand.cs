using System.CommandLine;
using Pipeline.Domain.Drops;
using Pipeline.Azure;
using Pipeline.Dev;

namespace Pipeline.Cli.Commands;

/// <summary><c>upload --partner P --kind K FILE</c>: puts a file into drops/{P}/{K}/{name}, as a partner would.</summary>
public static class UploadCommand
{
    public static Command Create()
    {
        var partner = new Option<string>("--partner") { Description = "Partner id, e.g. p-1001.", Required = true };
        var kind = new Option<string>("--kind") { Description = "deals or metrics.", Required = true };
        var name = new Option<string?>("--name") { Description = "Blob file name (default: the file's name)." };
        var file = new Argument<FileInfo>("FILE") { Description = "The local file to upload." };
        var command = new Command("upload", "Upload a partner drop into the drops container.") { partner, kind, name, file };
        command.SetAction(CliAction.Run(async (parse, ct) =>
        {
            var source = parse.GetValue(file)!;
            if (!source.Exists) throw new CliException($"file not found: {source.FullName}");
            var blobName = $"{parse.GetValue(partner)}/{parse.GetValue(kind)}/{parse.GetValue(name) ?? source.Name}";
            if (!DropPath.TryParse(blobName, out _, out var reason)) throw new CliException(reason);

            await using var storage = await CliStorage.OpenAsync(parse.GetValue(GlobalOptions.Storage), ct);
            var account = new StorageAccount(storage.ConnectionString);
            await account.EnsureCreatedAsync(ct);
            var blob = account.Container(Names.Drops).GetBlobClient(blobName);
            await using (var stream = source.OpenRead()) await blob.UploadAsync(stream, overwrite: true, ct);
            Console.WriteLine($"uploaded {source.Length:N0} bytes to {Names.Drops}/{blobName}");
            return 0;
        }));
        return command;
    }
}
