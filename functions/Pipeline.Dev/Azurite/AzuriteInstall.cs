using System.Diagnostics;

namespace Pipeline.Dev;

/// <summary>
/// Finds the repository's <c>infra/</c> folder and installs the pinned Azurite into it with <c>npm ci</c> the first
/// time it is needed. A lock file serialises concurrent installers (parallel test assemblies), and an install counts
/// only once its marker is written after <c>npm ci</c> finished: npm writes Azurite's entry script before the modules
/// it loads, so another process that saw the script mid-install started an Azurite that could not load.
/// </summary>
public static class AzuriteInstall
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>The repository's infra folder: PIPELINE_INFRA_DIR, else the first ancestor of the app or the
    /// working directory that has infra/package.json.</summary>
    public static string FindInfraDirectory()
    {
        var configured = Environment.GetEnvironmentVariable("PIPELINE_INFRA_DIR");
        if (!string.IsNullOrEmpty(configured)) return configured;
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "infra", "package.json");
                if (File.Exists(candidate)) return Path.Combine(dir.FullName, "infra");
            }
        }

        throw new InvalidOperationException(
            "Cannot find infra/package.json above the app or the current directory; run from the repository or set PIPELINE_INFRA_DIR.");
    }

    /// <summary>Returns the path of Azurite's entry script, installing it first when missing.</summary>
    public static async Task<string> EnsureInstalledAsync(CancellationToken cancellationToken = default)
    {
        var infra = FindInfraDirectory();
        var script = Path.Combine(infra, "node_modules", "azurite", "dist", "src", "azurite.js");
        var marker = Path.Combine(infra, "node_modules", ".pipeline-installed");
        if (File.Exists(marker) && File.Exists(script)) return script;

        await Gate.WaitAsync(cancellationToken);
        try
        {
            using var fileLock = await AcquireFileLockAsync(Path.Combine(infra, ".install.lock"), cancellationToken);
            if (File.Exists(marker) && File.Exists(script)) return script;
            var psi = new ProcessStartInfo("npm")
            {
                WorkingDirectory = infra,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in new[] { "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error" }) psi.ArgumentList.Add(a);
            using var npm = Process.Start(psi) ?? throw new InvalidOperationException("Could not run npm; is Node installed?");
            var stdout = npm.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = npm.StandardError.ReadToEndAsync(cancellationToken);
            await npm.WaitForExitAsync(cancellationToken);
            if (npm.ExitCode != 0 || !File.Exists(script))
            {
                throw new InvalidOperationException($"npm ci in {infra} failed ({npm.ExitCode}): {await stderr}{await stdout}");
            }

            await File.WriteAllTextAsync(marker, "npm ci completed\n", cancellationToken);
            return script;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<FileStream> AcquireFileLockAsync(string path, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500, cancellationToken);
            }
        }
    }
}
