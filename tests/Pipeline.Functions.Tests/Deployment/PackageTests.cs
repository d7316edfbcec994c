using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Runtime.Versioning;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace Pipeline.Functions.Tests.Deployment;

/// <summary>
/// The zip infra/package.sh builds is what the Functions host on Flex Consumption expects: host.json at the root,
/// one folder per function holding its function.json and nothing else, and the self-contained linux-x64 handler
/// at host.json's defaultExecutablePath, which starts and answers the host's invocations.
/// </summary>
public sealed class PackageTests(PackageTests.PackagedApp package) : IClassFixture<PackageTests.PackagedApp>
{
    private static string Bindings => Path.Combine(ContractTests.RepoRoot(), "functions", "Pipeline.Functions", "Bindings");

    private static string[] FunctionNames => [.. Directory.GetDirectories(Bindings).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal)];

    [Fact]
    public void Zip_root_holds_host_json_the_handler_and_one_folder_per_function_only()
    {
        var topLevel = package.Entries.Keys.Select(k => k.Split('/')[0]).Distinct().Order(StringComparer.Ordinal);

        Assert.Equal(FunctionNames.Append("handler").Append("host.json").Order(StringComparer.Ordinal), topLevel);
        Assert.Equal(File.ReadAllText(Path.Combine(ContractTests.RepoRoot(), "host.json")), package.ReadText("host.json"));
    }

    [Fact]
    public void Every_function_folder_holds_exactly_its_function_json_from_the_source_tree()
    {
        Assert.NotEmpty(FunctionNames);
        foreach (var name in FunctionNames)
        {
            Assert.Equal([$"{name}/function.json"], package.Entries.Keys.Where(k => k.StartsWith(name + "/", StringComparison.Ordinal)));
            Assert.Equal(File.ReadAllText(Path.Combine(Bindings, name, "function.json")), package.ReadText($"{name}/function.json"));
        }
    }

    [Fact]
    public void Host_json_executable_is_the_self_contained_linux_apphost_of_the_function_app()
    {
        var handler = package.Entries[package.ExecutablePath];
        var mode = (UnixFileMode)((handler.ExternalAttributes >> 16) & 0x1FF);
        Assert.True(mode.HasFlag(UnixFileMode.UserExecute), $"{package.ExecutablePath} is not executable in the zip ({mode})");

        var bytes = package.ReadBytes(package.ExecutablePath);
        Assert.Equal("\u007fELF"u8.ToArray(), bytes[..4]);
        // The apphost carries the name of the assembly it starts.
        Assert.Contains("Pipeline.Functions.dll", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.Contains("handler/Pipeline.Functions.dll", package.Entries.Keys);
        // Self-contained: the runtime ships in handler/ (the Flex "custom" stack has no .NET).
        Assert.Contains("handler/libcoreclr.so", package.Entries.Keys);
        var runtimeConfig = JsonNode.Parse(package.ReadText("handler/Pipeline.Functions.runtimeconfig.json"))!;
        Assert.NotNull(runtimeConfig["runtimeOptions"]!["includedFrameworks"]);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")] // the package is a linux-x64 app, and the scripts are bash
    public async Task Unzipped_handler_starts_and_answers_the_host_with_the_functions_of_the_zip()
    {
        using var root = TempDirectory.Create();
        package.Zip.ExtractToDirectory(root.Path);
        var executable = Path.Combine(root.Path, package.ExecutablePath);
        // Set the mode from the zip as Linux unzip (and the Flex platform) does, whatever this runtime's extractor keeps.
        File.SetUnixFileMode(executable, (UnixFileMode)((package.Entries[package.ExecutablePath].ExternalAttributes >> 16) & 0x1FF));
        var port = Pipeline.Storage.Local.LoopbackPorts.Free();

        var psi = new ProcessStartInfo(executable) { WorkingDirectory = root.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        psi.Environment["AzureWebJobsStorage"] = "UseDevelopmentStorage=true";
        psi.Environment.Remove("DOTNET_ROOT");
        using var handler = Process.Start(psi)!;
        handler.OutputDataReceived += (_, _) => { };
        handler.ErrorDataReceived += (_, _) => { };
        handler.BeginOutputReadLine();
        handler.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
            var body = await PostUntilUpAsync(http, "Health", """{"Data":{"req":{"Url":"http://localhost/api/health","Method":"GET","Query":{},"Headers":{},"Params":{}}},"Metadata":{}}""");

            var res = JsonNode.Parse(body)!["Outputs"]!["res"]!;
            Assert.Equal(200, res["statusCode"]!.GetValue<int>());
            var served = JsonNode.Parse(res["body"]!.GetValue<string>())!["functions"]!.AsArray().Select(f => f!.GetValue<string>()).Order(StringComparer.Ordinal);
            Assert.Equal(FunctionNames, served);
        }
        finally
        {
            handler.Kill(entireProcessTree: true);
            await handler.WaitForExitAsync();
        }
    }

    private static async Task<string> PostUntilUpAsync(HttpClient http, string function, string payload)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var response = await http.PostAsync(function, new StringContent(payload, Encoding.UTF8, "application/json"));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                return await response.Content.ReadAsStringAsync();
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }
        }
    }

    /// <summary>Runs infra/package.sh once for the class (a Release self-contained publish: about a minute on a
    /// fresh clone, seconds when artifacts/build is warm) and opens the zip it wrote.</summary>
    public sealed class PackagedApp : IAsyncLifetime, IDisposable
    {
        private readonly TempDirectory _out = TempDirectory.Create();
        private ZipArchive? _zip;

        public ZipArchive Zip => _zip ?? throw new InvalidOperationException("Not packaged yet.");
        public IReadOnlyDictionary<string, ZipArchiveEntry> Entries { get; private set; } = new Dictionary<string, ZipArchiveEntry>();
        public string ExecutablePath { get; private set; } = "";

        public async Task InitializeAsync()
        {
            var result = await ScriptRunner.RunAsync("infra/package.sh", ["--out", _out.Path], TimeSpan.FromMinutes(10));
            Assert.True(result.ExitCode == 0, result.Output);
            _zip = ZipFile.OpenRead(Path.Combine(_out.Path, "functionapp.zip"));
            Entries = _zip.Entries.ToDictionary(e => e.FullName, StringComparer.Ordinal);
            ExecutablePath = JsonNode.Parse(ReadText("host.json"))!["customHandler"]!["description"]!["defaultExecutablePath"]!.GetValue<string>();
        }

        public string ReadText(string entry) => Encoding.UTF8.GetString(ReadBytes(entry));

        public byte[] ReadBytes(string entry)
        {
            using var stream = Entries[entry].Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }

        public Task DisposeAsync() => Task.CompletedTask;

        public void Dispose()
        {
            _zip?.Dispose();
            _out.Dispose();
        }
    }
}
