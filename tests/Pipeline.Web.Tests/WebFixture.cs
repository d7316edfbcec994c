using System.Diagnostics;
using Microsoft.Playwright;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Web.Tests;

/// <summary>
/// One Azurite and one headless Debian chromium for the whole assembly. Playwright drives the system browser
/// (<see cref="ChromiumPath"/>) and never downloads one; when chromium is missing the fixture runs
/// <c>infra/chromium.sh</c>, and fails with the reason if it still is not there: browser tests never skip silently.
/// </summary>
public sealed class WebFixture : IAsyncLifetime
{
    public const string Collection = "Web";
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public AzuriteFixture Azurite { get; } = new();
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Azurite.InitializeAsync();
        EnsureChromium();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Known to work here: root, no network beyond loopback, no GPU.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        await Azurite.DisposeAsync();
    }

    private static void EnsureChromium()
    {
        if (File.Exists(ChromiumPath)) return;
        var script = Path.Combine(RepoRoot(), "infra", "chromium.sh");
        using var process = Process.Start(new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException($"Could not run {script}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.WaitForExit(TimeSpan.FromMinutes(10));
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"The browser tests need chromium at {ChromiumPath}; {script} exited {process.ExitCode} without installing it:\n{errors.Result}\n{output.Result}");
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Pipeline.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Pipeline.sln not found above the test binaries.");
    }
}

[CollectionDefinition(WebFixture.Collection)]
public sealed class WebCollection : ICollectionFixture<WebFixture>;
