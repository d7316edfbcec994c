using Pipeline.Ingest;
using Pipeline.Testing;
using Xunit;
using Pipeline.Azure;

namespace Pipeline.Features.Tests.Ingest;

[Collection(AzuriteFixture.Collection)]
public sealed class ReferenceDataStoreTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Unchanged_files_are_not_read_again_and_any_change_is_seen_at_the_next_load()
    {
        var account = await azurite.NewAccount();
        await TestConfig.SeedAsync(account, "p-1");
        var store = new ReferenceDataStore(account);
        var config = account.Container(Names.Config);

        var first = await store.LoadAsync();
        Assert.Same(first, await store.LoadAsync());
        Assert.Equal(1.15m, first.Fx.RateOn("EUR", new DateOnly(2026, 3, 1)));

        // A changed FX file, a new one, a changed registry: each is seen by the next load.
        await config.GetBlobClient("fx/rates.csv").UploadAsync(BinaryData.FromString("date,currency,usd_per_unit\n2026-01-01,EUR,1.2000\n"), overwrite: true);
        var changed = await store.LoadAsync();
        Assert.NotSame(first, changed);
        Assert.Equal(1.2m, changed.Fx.RateOn("EUR", new DateOnly(2026, 3, 1)));

        await config.GetBlobClient("fx/gbp.csv").UploadAsync(BinaryData.FromString("date,currency,usd_per_unit\n2026-01-01,GBP,1.2700\n"));
        Assert.Equal(1.27m, (await store.LoadAsync()).Fx.RateOn("GBP", new DateOnly(2026, 3, 1)));

        await config.GetBlobClient("fx/gbp.csv").DeleteAsync();
        Assert.Null((await store.LoadAsync()).Fx.RateOn("GBP", new DateOnly(2026, 3, 1)));

        await TestConfig.SeedAsync(account, "p-1", "p-2");
        Assert.NotNull((await store.LoadAsync()).Partners.Find("p-2"));
    }

    [Fact]
    public async Task A_registry_removed_after_a_load_is_an_error_not_the_cached_copy()
    {
        var account = await azurite.NewAccount();
        await TestConfig.SeedAsync(account, "p-1");
        var store = new ReferenceDataStore(account);
        await store.LoadAsync();

        await account.Container(Names.Config).GetBlobClient("partners.csv").DeleteAsync();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.LoadAsync());
        Assert.Contains("partners.csv is missing", error.Message, StringComparison.Ordinal);
    }
}
