using System.Diagnostics;
using System.Text;

namespace Pipeline.Functions.Tests.Deployment;

/// <summary>Runs one of the repository's infra/ scripts the way CI or a developer would, with a time limit.</summary>
internal static class ScriptRunner
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError)
    {
        public string Output => StandardOutput + StandardError;
    }

    public static async Task<Result> RunAsync(string script, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = ContractTests.RepoRoot(),
        };
        psi.ArgumentList.Add(Path.Combine(ContractTests.RepoRoot(), script));
        foreach (var a in arguments) psi.ArgumentList.Add(a);

        // `dotnet test` leaves MSBuild's own variables in the test host's environment; the script's nested
        // dotnet restore/publish must resolve its SDK afresh, as it does from a shell.
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            psi.Environment.Remove(key);
        }

        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {script}.");
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish within {timeout}.\n{stdout}{stderr}");
        }

        process.WaitForExit(); // flushes the asynchronous readers
        return new Result(process.ExitCode, stdout.ToString(), stderr.ToString());
    }
}
