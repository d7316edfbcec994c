using System.Diagnostics;
using System.Globalization;

namespace Pipeline.Orchestration.Tests;

/// <summary>A Pipeline.Orchestration.CrashWorker process: a real worker that can be SIGKILLed mid-episode.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;

    private WorkerProcess(Process process) => _process = process;

    public static WorkerProcess Start(string connectionString, string workerId, double visibilitySeconds)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Pipeline.Orchestration.CrashWorker.dll"));
        psi.ArgumentList.Add("worker");
        psi.ArgumentList.Add(connectionString);
        psi.ArgumentList.Add(workerId);
        psi.ArgumentList.Add(visibilitySeconds.ToString(CultureInfo.InvariantCulture));
        var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start the worker process.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new WorkerProcess(process);
    }

    /// <summary>SIGKILL: no shutdown code runs, whatever the worker was doing is cut off.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
