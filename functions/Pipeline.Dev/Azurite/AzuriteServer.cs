using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Pipeline.Dev;

/// <summary>Ports of a running Azurite.</summary>
public sealed record AzuritePorts(int Blob, int Queue, int Table)
{
    public static AzuritePorts Default { get; } = new(10000, 10001, 10002);

    /// <summary>Three ports nothing listens on right now (the OS hands out distinct ephemeral ports).</summary>
    public static AzuritePorts Free()
    {
        var listeners = Enumerable.Range(0, 3).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        foreach (var l in listeners) l.Start();
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        foreach (var l in listeners) l.Stop();
        return new AzuritePorts(ports[0], ports[1], ports[2]);
    }
}

/// <summary>
/// The Azurite storage emulator pinned in <c>infra/package.json</c>, installed on first use and run as a child
/// process with the flags it needs here (--skipApiVersionCheck for current SDKs, --disableTelemetry
/// for a quick shutdown). Disposing stops it.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    /// <summary>The well-known development account key (public; Azurite's default).</summary>
    public const string DevKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;

    private AzuriteServer(Process process, AzuritePorts ports, IReadOnlyList<string> accounts)
    {
        _process = process;
        Ports = ports;
        Accounts = accounts;
    }

    public AzuritePorts Ports { get; }

    /// <summary>CPU time (user + system) the emulator's process has used so far: benchmarks report it beside their own.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>True when the data lives in a folder (and must be saved on the way out).</summary>
    public bool Persistent { get; private init; }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SysKill(int pid, int signal);

    /// <summary>Account names this instance serves besides devstoreaccount1.</summary>
    public IReadOnlyList<string> Accounts { get; }

    public string ConnectionString(string account = "devstoreaccount1") => ConnectionStringFor(Ports, account);

    public static string ConnectionStringFor(AzuritePorts ports, string account = "devstoreaccount1") =>
        $"DefaultEndpointsProtocol=http;AccountName={account};AccountKey={DevKey};" +
        $"BlobEndpoint=http://127.0.0.1:{ports.Blob}/{account};" +
        $"QueueEndpoint=http://127.0.0.1:{ports.Queue}/{account};" +
        $"TableEndpoint=http://127.0.0.1:{ports.Table}/{account};";

    /// <summary>
    /// Starts Azurite. <paramref name="location"/> null = in-memory persistence. <paramref name="extraAccounts"/> are
    /// served with the development key, so tests can isolate themselves one account each.
    /// </summary>
    public static async Task<AzuriteServer> StartAsync(
        AzuritePorts ports,
        string? location = null,
        IReadOnlyList<string>? extraAccounts = null,
        CancellationToken cancellationToken = default)
    {
        var script = await AzuriteInstall.EnsureInstalledAsync(cancellationToken);
        var accounts = extraAccounts ?? [];
        var psi = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     script,
                     "--blobHost", "127.0.0.1", "--blobPort", ports.Blob.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--queueHost", "127.0.0.1", "--queuePort", ports.Queue.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--tableHost", "127.0.0.1", "--tablePort", ports.Table.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--skipApiVersionCheck", "--disableTelemetry", "--loose",
                 })
        {
            psi.ArgumentList.Add(arg);
        }

        if (location is null)
        {
            psi.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            Directory.CreateDirectory(location);
            psi.ArgumentList.Add("--location");
            psi.ArgumentList.Add(location);
        }

        if (accounts.Count > 0)
        {
            psi.Environment["AZURITE_ACCOUNTS"] = string.Join(';',
                accounts.Prepend("devstoreaccount1").Select(a => $"{a}:{DevKey}"));
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start node for Azurite.");
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new AzuriteServer(process, ports, accounts) { Persistent = location is not null };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await IsListeningAsync(ports, cancellationToken))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await server.DisposeAsync();
                string log;
                lock (output) log = output.ToString();
                throw new InvalidOperationException($"Azurite did not start on ports {ports}: {log.Trim()}");
            }

            await Task.Delay(100, cancellationToken);
        }

        return server;
    }

    /// <summary>True when something accepts connections on all three ports.</summary>
    public static async Task<bool> IsListeningAsync(AzuritePorts ports, CancellationToken cancellationToken = default)
    {
        foreach (var port in new[] { ports.Blob, ports.Queue, ports.Table })
        {
            using var client = new TcpClient();
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(1));
                await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                return false;
            }
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited && Persistent && OperatingSystem.IsLinux() | OperatingSystem.IsMacOS())
        {
            // A persistent Azurite keeps its metadata in an in-memory database saved periodically: a SIGKILL loses the
            // latest writes. SIGTERM lets it save and exit (quickly, thanks to --disableTelemetry).
            _ = SysKill(_process.Id, 15);
            try
            {
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
            }
            catch (TimeoutException)
            {
                // Fall through to the hard stop.
            }
        }

        if (!_process.HasExited)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
                // Already gone, or refusing to die: nothing more we can do from here.
            }
        }

        _process.Dispose();
    }
}
