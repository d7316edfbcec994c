using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Pipeline.Functions.Tests;

/// <summary>
/// The function app as its own OS process in local mode, with short visibility timeouts so that work a killed
/// process left hidden reappears within seconds. Its output is kept for failure messages.
/// </summary>
public static class HostProcess
{
    public static ConcurrentQueue<string> Output { get; } = new();

    public static Process Start(string connection)
    {
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Pipeline.Functions.dll"));
        psi.Environment["AzureWebJobsStorage"] = connection;
        psi.Environment["Pipeline__LocalPort"] = Pipeline.Storage.Local.LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture);
        psi.Environment["Pipeline__Engine__VisibilityTimeout"] = "00:00:03";
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
