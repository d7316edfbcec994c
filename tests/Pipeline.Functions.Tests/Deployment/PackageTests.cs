using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.Versioning;
using System.Text;
using System.Text.Json.Nodes;
using Pipeline.Azure;
using Xunit;

namespace Pipeline.Functions.Tests.Deployment;

/// <summary>
/// The zip infra/package.sh builds is what the Functions host on Flex Consumption runs a .NET isolated app from:
/// host.json, functions.metadata, worker.config.json and the framework-dependent worker at the root, the host's
/// binding extensions beside them, and nothing of a custom handler.
/// <para>
/// The Functions host itself does not run here. It ships with Azure Functions Core Tools, whose npm package downloads
/// the host from Microsoft's CDN while it installs rather than from the package registry, so it cannot be installed
/// on a machine that reaches package feeds only. Instead the unzipped worker is started the way the host starts it,
/// <c>dotnet Pipeline.Functions.dll</c>, in the Development environment, where the service container validates every
/// registration when it is built. Without host arguments it builds that container and stops in Host.StartAsync for
/// want of a host endpoint; given the endpoint of a loopback socket it opens the host's gRPC event stream, announces
/// itself with its worker id and reports "Application started", i.e. every hosted service started. What runs after
/// that (the host's metadata request, invocations) needs the real host.
/// </para>
/// </summary>
public sealed class PackageTests(PackageTests.PackagedApp package) : IClassFixture<PackageTests.PackagedApp>
{
    private const string Worker = "Pipeline.Functions.dll";

    [Fact]
    public void Zip_root_holds_the_host_configuration_the_function_metadata_and_the_worker_and_no_custom_handler()
    {
        var root = package.Entries.Keys.Where(k => !k.Contains('/', StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);

        foreach (var file in new[] { "host.json", "functions.metadata", "worker.config.json", "extensions.json", Worker, "Pipeline.Functions.deps.json", "Pipeline.Functions.runtimeconfig.json" })
            Assert.Contains(file, root);
        Assert.Equal(File.ReadAllText(Path.Combine(ContractTests.RepoRoot(), "host.json")), package.ReadText("host.json"));
        var host = JsonNode.Parse(package.ReadText("host.json"))!.AsObject();
        Assert.False(host.ContainsKey("customHandler"), "host.json still configures a custom handler");
        Assert.False(host.ContainsKey("extensionBundle"), "host.json still asks for an extension bundle");

        // No custom handler and no function.json folders: the functions are in functions.metadata.
        Assert.DoesNotContain(package.Entries.Keys, k => k.StartsWith("handler/", StringComparison.Ordinal));
        Assert.DoesNotContain(package.Entries.Keys, k => k.EndsWith("function.json", StringComparison.Ordinal));
    }

    [Fact]
    public void Extensions_json_names_the_queue_and_Durable_Functions_extensions_and_the_zip_carries_them()
    {
        var extensions = JsonNode.Parse(package.ReadText("extensions.json"))!["extensions"]!.AsArray();
        var names = extensions.Select(e => e!["name"]!.GetValue<string>()).ToList();

        Assert.Contains("AzureStorageQueues", names);
        Assert.Contains("DurableTask", names);
        foreach (var extension in extensions)
        {
            var hintPath = extension!["hintPath"]!.GetValue<string>();
            Assert.StartsWith("./.azurefunctions/", hintPath, StringComparison.Ordinal);
            Assert.Contains(hintPath[2..], package.Entries.Keys);
        }
    }

    [Fact]
    public void Worker_config_starts_the_framework_dependent_worker_with_dotnet()
    {
        var description = JsonNode.Parse(package.ReadText("worker.config.json"))!["description"]!;
        Assert.Equal("dotnet-isolated", description["language"]!.GetValue<string>());
        Assert.Equal("dotnet", description["defaultExecutablePath"]!.GetValue<string>());
        Assert.Equal(Worker, description["defaultWorkerPath"]!.GetValue<string>());

        // Framework-dependent: the Flex dotnet-isolated stack provides .NET 10 and ASP.NET Core; no runtime in the zip.
        var options = JsonNode.Parse(package.ReadText("Pipeline.Functions.runtimeconfig.json"))!["runtimeOptions"]!;
        Assert.Null(options["includedFrameworks"]);
        var frameworks = options["frameworks"]!.AsArray().ToDictionary(f => f!["name"]!.GetValue<string>(), f => Version.Parse(f!["version"]!.GetValue<string>()));
        Assert.Equal(10, frameworks["Microsoft.NETCore.App"].Major);
        Assert.Equal(10, frameworks["Microsoft.AspNetCore.App"].Major);
        Assert.DoesNotContain("libcoreclr.so", package.Entries.Keys);
    }

    [Fact]
    public void Functions_metadata_lists_every_function_of_the_app_for_the_isolated_worker()
    {
        var functions = JsonNode.Parse(package.ReadText("functions.metadata"))!.AsArray().Select(f => f!).ToList();
        var names = functions.Select(f => f["name"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();

        Assert.NotEmpty(functions);
        foreach (var function in functions)
        {
            Assert.Equal("dotnet-isolated", function["language"]!.GetValue<string>());
            Assert.Equal(Worker, function["scriptFile"]!.GetValue<string>());
        }

        // The same functions the app's code declares with [Function(name)].
        var declared = Assembly.Load("Pipeline.Functions").GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .SelectMany(m => m.CustomAttributes.Where(a => a.AttributeType.Name == "FunctionAttribute").Select(a => (string)a.ConstructorArguments[0].Value!))
            .Order(StringComparer.Ordinal);
        Assert.Equal(declared, names);

        // ReceiveDrop reads the queue Event Grid fills; the close runs as a Durable Functions orchestration.
        var receiveDrop = Assert.Single(functions, f => f["name"]!.GetValue<string>() == "ReceiveDrop");
        var trigger = Assert.Single(receiveDrop["bindings"]!.AsArray(), b => b!["type"]!.GetValue<string>() == "queueTrigger")!;
        Assert.Equal(Names.DropEventsQueue, trigger["queueName"]!.GetValue<string>());
        Assert.Contains(functions, f => f["bindings"]!.AsArray().Any(b => b!["type"]!.GetValue<string>() == "orchestrationTrigger"));
    }

    [Fact]
    public void Every_assembly_the_worker_references_is_in_the_zip_or_in_the_shared_frameworks_it_names()
    {
        // The runtime loads assemblies lazily; this walks what Pipeline.Functions.dll references, transitively, and
        // resolves each name as the runtime would: beside the worker, else in the frameworks of its runtimeconfig.
        var shared = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", ".."));
        var frameworks = JsonNode.Parse(package.ReadText("Pipeline.Functions.runtimeconfig.json"))!["runtimeOptions"]!["frameworks"]!.AsArray()
            .Select(f => (Name: f!["name"]!.GetValue<string>(), Version: Version.Parse(f["version"]!.GetValue<string>())))
            .Select(f => Directory.GetDirectories(Path.Combine(shared, f.Name))
                .Select(d => (Path: d, Version: Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : null))
                .Where(d => d.Version is not null && d.Version.Major == f.Version.Major && d.Version >= f.Version)
                .OrderByDescending(d => d.Version)
                .Select(d => d.Path)
                .FirstOrDefault() ?? throw new InvalidOperationException($"No {f.Name} {f.Version.Major}.x (>= {f.Version}) in {shared}"))
            .ToList();
        string[] probe = [package.Unzipped, .. frameworks];

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var unresolved = new List<string>();
        var pending = new Queue<string>([Path.Combine(package.Unzipped, Worker)]);
        while (pending.TryDequeue(out var file))
        {
            using var pe = new PEReader(File.OpenRead(file));
            var metadata = pe.GetMetadataReader();
            foreach (var handle in metadata.AssemblyReferences)
            {
                var reference = metadata.GetAssemblyReference(handle);
                var name = metadata.GetString(reference.Name);
                if (!seen.Add(name)) continue;
                var found = probe.Select(d => Path.Combine(d, name + ".dll")).FirstOrDefault(File.Exists);
                if (found is null)
                {
                    unresolved.Add($"{name} {reference.Version} (referenced by {Path.GetFileName(file)})");
                    continue;
                }

                var version = AssemblyName.GetAssemblyName(found).Version!;
                if (version < reference.Version) unresolved.Add($"{name} {reference.Version}, found {version} (referenced by {Path.GetFileName(file)})");
                pending.Enqueue(found);
            }
        }

        Assert.True(unresolved.Count == 0, "Unresolved references:\n" + string.Join('\n', unresolved));
        Assert.Contains("Microsoft.Azure.Functions.Worker", seen);
        Assert.Contains("Pipeline.Azure", seen);
    }

    /// <summary>The product's assemblies: the domain, the features around it and the function app. Nothing else of
    /// ours is deployed: benchmarks, generators, oracles, the Azurite launcher, the local host and the CLI stay home.</summary>
    public static readonly string[] ProductAssemblies =
        ["Pipeline.Domain", "Pipeline.Azure", "Pipeline.Terms", "Pipeline.Ingest", "Pipeline.Close", "Pipeline.Access",
         "Pipeline.Notifications", "Pipeline.Inquiries", "Pipeline.Statements", "Pipeline.Functions"];

    [Fact]
    public void The_zip_carries_the_product_assemblies_and_no_benchmark_test_or_development_code()
    {
        var ours = package.Entries.Keys
            .Where(k => !k.Contains('/', StringComparison.Ordinal) && k.StartsWith("Pipeline.", StringComparison.Ordinal) && k.EndsWith(".dll", StringComparison.Ordinal))
            .Select(k => k[..^4])
            .Order(StringComparer.Ordinal);
        Assert.Equal(ProductAssemblies.Order(StringComparer.Ordinal), ours);

        // Nor the libraries only they use.
        foreach (var devOnly in new[] { "DuckDB.NET.Data.dll", "System.CommandLine.dll", "Spectre.Console.dll", "xunit.core.dll", "CsCheck.dll", "Microsoft.Playwright.dll", "Cronos.dll" })
            Assert.DoesNotContain(devOnly, package.Entries.Keys);
    }

    [Fact]
    public void No_product_assembly_references_benchmark_test_or_development_code()
    {
        var notProduct = new[] { "Pipeline.Dev", "Pipeline.Benchmarks", "Pipeline.LocalHost", "pipeline", "Pipeline.Testing", "xunit", "DuckDB", "System.CommandLine", "Spectre.Console" };
        foreach (var name in ProductAssemblies)
        {
            var references = Assembly.Load(name).GetReferencedAssemblies().Select(r => r.Name!).ToList();
            Assert.DoesNotContain(references, r => notProduct.Any(n => r == n || r.StartsWith(n + ".", StringComparison.Ordinal)) || r.EndsWith(".Tests", StringComparison.Ordinal));
            // ...and a product assembly depends only on product assemblies of ours.
            Assert.All(references.Where(r => r.StartsWith("Pipeline.", StringComparison.Ordinal)), r => Assert.Contains(r, ProductAssemblies));
        }
    }

    [Fact]
    [UnsupportedOSPlatform("windows")] // infra/package.sh is bash and the package is published for linux-x64
    public async Task Unzipped_worker_builds_its_validated_service_container_and_stops_only_for_want_of_a_host_endpoint()
    {
        var run = await RunWorkerAsync([], TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, run.ExitCode);
        // Program's builder.Build() returned (with every registration validated) and Run() reached Host.StartAsync,
        // whose first hosted service, the worker's gRPC client, needs the host's address.
        Assert.Contains("Configuration is missing the 'HostEndpoint' information", run.Output, StringComparison.Ordinal);
        Assert.Contains("Microsoft.Extensions.Hosting.Internal.Host.StartAsync", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Some services are not able to be constructed", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Could not load file or assembly", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Unzipped_worker_opens_the_host_event_stream_announces_itself_and_starts_every_hosted_service()
    {
        using var host = new TcpListener(IPAddress.Loopback, 0);
        host.Start();
        var port = ((IPEndPoint)host.LocalEndpoint).Port;
        var workerId = Guid.NewGuid().ToString("N");
        // The arguments the Functions host starts a worker with.
        string[] arguments =
        [
            "--functions-uri", $"http://127.0.0.1:{port}/", "--functions-worker-id", workerId,
            "--functions-request-id", Guid.NewGuid().ToString("N"), "--functions-grpc-max-message-length", "2147483647",
        ];

        using var worker = StartWorker(arguments);
        try
        {
            // The client's HTTP/2 frames carry the gRPC call's path and its messages (StartStream, then the worker's
            // logs, which go to the host) as plain bytes: read until the host lifetime reports the start.
            var received = new MemoryStream();
            string Text() => Encoding.Latin1.GetString(received.GetBuffer(), 0, (int)received.Length);
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                using var connection = await host.AcceptTcpClientAsync(deadline.Token);
                var stream = connection.GetStream();
                var buffer = new byte[16 * 1024];
                int read;
                // The host lifetime logs "Application started" and then "Hosting environment: ...": wait for both.
                while (!(Text().Contains("Application started", StringComparison.Ordinal) && Text().Contains("Hosting environment:", StringComparison.Ordinal))
                       && (read = await stream.ReadAsync(buffer, deadline.Token)) > 0)
                    received.Write(buffer, 0, read);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"The worker did not report its start within a minute.\nReceived: {Text()}\nWorker output:\n{worker.Output}");
            }

            var text = Text();

            Assert.StartsWith("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", text, StringComparison.Ordinal);
            Assert.Contains("/AzureFunctionsRpcMessages.FunctionRpc/EventStream", text, StringComparison.Ordinal);
            Assert.Contains("application/grpc", text, StringComparison.Ordinal);
            Assert.Contains(workerId, text, StringComparison.Ordinal);
            Assert.Contains("Hosting environment: Development", text, StringComparison.Ordinal);
            Assert.Contains("Application started", text, StringComparison.Ordinal);
        }
        finally
        {
            worker.Process.Kill(entireProcessTree: true);
            await worker.Process.WaitForExitAsync();
        }
    }

    private sealed class StartedWorker(Process process, StringBuilder output) : IDisposable
    {
        public Process Process { get; } = process;

        public string Output
        {
            get
            {
                lock (output) return output.ToString();
            }
        }

        public void Dispose() => Process.Dispose();
    }

    private StartedWorker StartWorker(IEnumerable<string> arguments)
    {
        // As the host runs it (worker.config.json): dotnet Pipeline.Functions.dll, from the app's folder.
        var psi = new ProcessStartInfo(DotnetHost()) { WorkingDirectory = package.Unzipped, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Worker);
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        // Development: the service provider validates every registration (ValidateOnBuild) when the host is built.
        foreach (var name in new[] { "DOTNET_ENVIRONMENT", "ASPNETCORE_ENVIRONMENT", "AZURE_FUNCTIONS_ENVIRONMENT" }) psi.Environment[name] = "Development";
        psi.Environment["AzureWebJobsStorage"] = StorageAccount.DevelopmentStorage;
        foreach (var name in new[] { "APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING", "OTEL_EXPORTER_OTLP_ENDPOINT" }) psi.Environment.Remove(name);

        var output = new StringBuilder();
        var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start the worker.");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new StartedWorker(process, output);
    }

    private async Task<(int ExitCode, string Output)> RunWorkerAsync(IEnumerable<string> arguments, TimeSpan timeout)
    {
        using var worker = StartWorker(arguments);
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await worker.Process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            worker.Process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The worker did not stop within {timeout}:\n{worker.Output}");
        }

        worker.Process.WaitForExit(); // flushes the asynchronous readers
        return (worker.Process.ExitCode, worker.Output);
    }

    /// <summary>The dotnet muxer running the tests (the same runtime the worker's runtimeconfig rolls forward to).</summary>
    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host)) return host;
        return Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
    }

    /// <summary>Runs infra/package.sh once for the class (a Release publish: about a minute on a fresh clone, seconds
    /// when artifacts/build is warm), opens the zip it wrote and unzips it as the platform does.</summary>
    public sealed class PackagedApp : IAsyncLifetime, IDisposable
    {
        private readonly TempDirectory _out = TempDirectory.Create();
        private readonly TempDirectory _unzipped = TempDirectory.Create();
        private ZipArchive? _zip;

        public IReadOnlyDictionary<string, ZipArchiveEntry> Entries { get; private set; } = new Dictionary<string, ZipArchiveEntry>();

        /// <summary>The folder the zip was extracted to.</summary>
        public string Unzipped => _unzipped.Path;

        public async Task InitializeAsync()
        {
            var result = await ScriptRunner.RunAsync("infra/package.sh", ["--out", _out.Path], TimeSpan.FromMinutes(10));
            Assert.True(result.ExitCode == 0, result.Output);
            _zip = ZipFile.OpenRead(Path.Combine(_out.Path, "functionapp.zip"));
            Entries = _zip.Entries.ToDictionary(e => e.FullName, StringComparer.Ordinal);
            _zip.ExtractToDirectory(_unzipped.Path);
        }

        public string ReadText(string entry)
        {
            using var stream = Entries[entry].Open();
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return reader.ReadToEnd();
        }

        public Task DisposeAsync() => Task.CompletedTask;

        public void Dispose()
        {
            _zip?.Dispose();
            _out.Dispose();
            _unzipped.Dispose();
        }
    }
}
