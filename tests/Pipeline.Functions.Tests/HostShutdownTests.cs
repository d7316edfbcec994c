using System.Diagnostics;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Functions.Tests;

/// <summary>The local host stops when asked: SIGTERM (what Ctrl+C, a container stop or systemd send) ends the
/// process within the host's 10 s shutdown timeout, with its triggers and Durable Task worker running.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class HostShutdownTests(AzuriteFixture azurite)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };

    private static Process StartCli(string connection, int port)
    {
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "pipeline.dll"));
        foreach (var a in new[] { "host", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--storage", connection }) psi.ArgumentList.Add(a);
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) HostProcess.Output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) HostProcess.Output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Both ways of running it: <c>dotnet Pipeline.LocalHost.dll</c> and <c>pipeline host</c> (the CLI adds
    /// its storage handling around the same host).</summary>
    [Theory]
    [InlineData("local-host")]
    [InlineData("pipeline-host")]
    public async Task The_host_exits_within_ten_seconds_of_SIGTERM(string how)
    {
        var connection = azurite.NewConnectionString();
        await TestConfig.SeedAsync(new Pipeline.Azure.StorageAccount(connection), "r-1");
        var port = Pipeline.Dev.LoopbackPorts.Free();
        using var host = how == "local-host" ? HostProcess.Start(connection, "shutdown-host", port) : StartCli(connection, port);
        try
        {
            var up = await Eventually.GetAsync(async () =>
            {
                try
                {
                    return (await Http.GetAsync(new Uri($"http://127.0.0.1:{port}/api/health"))).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
                catch (TaskCanceledException)
                {
                    return false;
                }
            }, ok => ok, TimeSpan.FromSeconds(60));
            Assert.True(up, "the host never answered: " + string.Join('\n', HostProcess.Output.TakeLast(20)));
            await Task.Delay(1_000); // its workers are polling

            var watch = Stopwatch.StartNew();
            using (var kill = Process.Start("kill", ["-TERM", host.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await host.WaitForExitAsync(limit.Token);
            watch.Stop();

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"the host took {watch.Elapsed.TotalSeconds:0.0} s to exit after SIGTERM");
        }
        finally
        {
            if (!host.HasExited) host.Kill(entireProcessTree: true);
        }
    }
}
