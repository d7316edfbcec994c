using System.CommandLine;
using Pipeline.Azure;
using Pipeline.Dev;

namespace Pipeline.Cli.Commands;

/// <summary><c>pull --container C [--prefix P] --to DIR</c>: downloads blobs to a local folder, keeping their paths.</summary>
public static class PullCommand
{
    public static Command Create()
    {
        var container = new Option<string>("--container") { Description = "Container to download from (e.g. statements, lake).", Required = true };
        var prefix = new Option<string?>("--prefix") { Description = "Only blobs whose name starts with this." };
        var to = new Option<DirectoryInfo>("--to") { Description = "Local folder to write into.", Required = true };
        var command = new Command("pull", "Download blobs from a container into a local folder.") { container, prefix, to };
        command.SetAction(CliAction.Run(async (parse, ct) =>
        {
            await using var storage = await CliStorage.OpenAsync(parse.GetValue(GlobalOptions.Storage), ct);
            var count = await PullAsync(new StorageAccount(storage.ConnectionString), parse.GetValue(container)!, parse.GetValue(prefix), parse.GetValue(to)!.FullName, ct);
            Console.WriteLine($"downloaded {count} blob(s) to {parse.GetValue(to)!.FullName}");
            return 0;
        }));
        return command;
    }

    public static async Task<int> PullAsync(StorageAccount account, string containerName, string? prefix, string directory, CancellationToken ct)
    {
        var container = account.Container(containerName);
        if (!await container.ExistsAsync(ct)) throw new CliException($"container '{containerName}' does not exist");
        var root = Path.GetFullPath(directory);
        var count = 0;
        await foreach (var item in container.GetBlobsAsync(global::Azure.Storage.Blobs.Models.BlobTraits.None, global::Azure.Storage.Blobs.Models.BlobStates.None, prefix, ct))
        {
            var target = Path.GetFullPath(Path.Combine(root, containerName, item.Name));
            // A blob name is partner-controlled: never let it write outside the target folder.
            if (!target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await container.GetBlobClient(item.Name).DownloadToAsync(target, ct);
            count++;
        }

        return count;
    }
}
