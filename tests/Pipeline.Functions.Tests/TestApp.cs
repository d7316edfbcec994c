using Microsoft.Extensions.DependencyInjection;
using Pipeline.LocalHost;

namespace Pipeline.Functions.Tests;

/// <summary>The real function app on the local host, on a free loopback port, against a test storage account, with
/// short polling so that tests do not wait on idle back-off.</summary>
public static class TestApp
{
    /// <summary><paramref name="triggers"/>: the triggers and the Durable Task worker run (drops are announced and
    /// received, closes make progress); without them the app only answers HTTP.</summary>
    public static Task<LocalApp> StartAsync(
        string connectionString, bool triggers = true, Action<IServiceCollection>? services = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = LocalApp.FastPolling.ToDictionary();
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        return LocalApp.StartAsync(connectionString, configure: b => services?.Invoke(b.Services), settings: all, triggers: triggers);
    }
}

/// <summary>Polls a condition until it holds or the time is up (integration tests wait for real queues).</summary>
public static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var value = await probe();
            if (done(value) || DateTime.UtcNow > deadline) return value;
            await Task.Delay(100);
        }
    }
}
