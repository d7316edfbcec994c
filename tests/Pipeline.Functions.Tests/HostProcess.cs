using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Pipeline.Functions.Tests;

/// <summary>
/// The function app on the local host as its own OS process (<c>Pipeline.LocalHost.dll</c>), with short visibility
/// timeouts and leases so that work a killed process left hidden reappears within seconds. A restarted process keeps
/// the worker id of the one it replaces, as a restarted machine does, and so takes its partition leases back at once.
/// Its output is kept for failure messages.
/// </summary>
public static class HostProcess
{
    public static ConcurrentQueue<string> Output { get; } = new();

    public static Process Start(string connection, string workerId = "test-host", int? port = null)
    {
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Pipeline.LocalHost.dll"));
        psi.Environment["AzureWebJobsStorage"] = connection;
        psi.Environment["Pipeline__LocalPort"] = (port ?? Pipeline.Dev.LoopbackPorts.Free()).ToString(CultureInfo.InvariantCulture);
        psi.Environment["Pipeline__Host__WorkerId"] = workerId;
        psi.Environment["Pipeline__Host__LeaseInterval"] = "00:00:09";
        psi.Environment["Pipeline__Host__DurableVisibility"] = "00:00:10";
        psi.Environment["Pipeline__Host__DurablePollingInterval"] = "00:00:00.500";
        psi.Environment["Pipeline__Host__ProcessingVisibility"] = "00:00:03";
        psi.Environment["Pipeline__Host__DropScanInterval"] = "00:00:00.200";
        psi.Environment["Pipeline__Host__MaxPollingInterval"] = "00:00:00.200";
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) Output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
