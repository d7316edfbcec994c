using Microsoft.Extensions.Options;
using Pipeline.Notifications;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Functions.Tests.Hosting;

/// <summary>The app's settings are bound once and checked when it starts: a wrong value stops the start with every
/// problem named by its key, before any trigger runs.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class SettingsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Out_of_range_notification_settings_stop_the_app_at_start_naming_each_key()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Pipeline:Notifications:MaxAttempts"] = "0",
            ["Pipeline:Notifications:Timeout"] = "-00:00:01",
            ["Pipeline:Notifications:EventGridTopic"] = "http://topic.example/api/events",
        };

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApp.StartAsync(azurite.NewConnectionString(), triggers: false, settings: settings));

        Assert.Contains("Pipeline:Notifications:MaxAttempts must be between 1 and 50 (is 0).", e.Failures);
        Assert.Contains(e.Failures, f => f.StartsWith("Pipeline:Notifications:Timeout must be positive", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("Pipeline:Notifications:EventGridTopic must be an https endpoint", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Notification_settings_reach_the_services_that_use_them()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Pipeline:Notifications:MaxAttempts"] = "3",
            ["Pipeline:Notifications:RetryBase"] = "00:00:05",
            ["Pipeline:Notifications:EventGridTopic"] = "https://topic.example/api/events",
        };

        await using var app = await TestApp.StartAsync(azurite.NewConnectionString(), triggers: false, settings: settings);

        var options = app.Get<NotificationOptions>();
        Assert.Equal(3, options.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(20), options.Backoff(3));
        Assert.Equal(TimeSpan.FromSeconds(10), options.Timeout); // the default
        Assert.Equal(new Uri("https://topic.example/api/events"), options.EventGridTopic);
    }
}
