using Pipeline.Domain.Ingest;
using Pipeline.Dev.Samples;
using Pipeline.Ingest;
using Xunit;

namespace Pipeline.Features.Tests.Ingest;

/// <summary>The demo data goes through the real readers, loaders and normalisers with the documented outcomes.</summary>
public sealed class SampleDataIngestTests
{
    private static readonly IReadOnlyList<SampleFile> Files = new SampleDataGenerator().Generate();

    private static Stream Open(string container, string blob) => new MemoryStream(Files.Single(f => f.Container == container && f.BlobName == blob).Content);

    [Fact]
    public async Task The_sample_reference_data_loads_and_every_sample_drop_has_the_documented_outcome()
    {
        var partners = await ReferenceDataLoader.LoadPartnersAsync(Open("config", "partners.csv"));
        Assert.Empty(partners.Problems);
        Assert.Equal("Zürich Média Ünion", partners.Value!.Find("zurich-media")!.Name);

        var fx25 = await ReferenceDataLoader.LoadFxRatesAsync(Open("config", "fx/2025.csv"), "fx/2025.csv");
        var fx26 = await ReferenceDataLoader.LoadFxRatesAsync(Open("config", "fx/2026.csv"), "fx/2026.csv");
        var fx = ReferenceDataLoader.MergeFx([("fx/2025.csv", fx25.Value!), ("fx/2026.csv", fx26.Value!)]);
        Assert.Empty(fx.Problems);

        var profile = ReferenceDataLoader.ParseProfile(Files.Single(f => f.BlobName == $"partners/{SampleDataGenerator.ProfiledPartner}.json").Content);
        Assert.Empty(profile.Problems);

        var outcomes = new Dictionary<string, DropOutcome>();
        foreach (var file in Files.Where(f => f.Container == "drops"))
        {
            var (address, rejection) = DropAddress.Parse(file.BlobName, partners.Value);
            Assert.Null(rejection);
            var drop = new DropContext(address!.PartnerId, "d1", IngestHarness.ReceivedAt);
            var p = address.PartnerId == SampleDataGenerator.ProfiledPartner ? profile.Value : null;
            outcomes[file.BlobName] = address.Kind == DropKind.Deals
                ? await DropRows.IngestDealsAsync(new MemoryStream(file.Content), address.FileName, drop, fx.Value!, p, new ListSink<DealRow>(), new ListSink<DealRow>())
                : await DropRows.IngestMetricsAsync(new MemoryStream(file.Content), address.FileName, drop, p, new ListSink<MetricRow>(), new ListSink<MetricRow>());
        }

        var bad = outcomes["tailspin-systems/deals/2026Q3-missing-column.csv"];
        Assert.Equal(DropRejection.Codes.MissingColumn, bad.Rejection!.Code);
        Assert.Single(outcomes.Values, o => o.IsRejected);

        Assert.Equal(4, outcomes["contoso-resale/deals/2026Q1.csv"].RowsRejected);
        Assert.Equal(2, outcomes["northwind-creative/metrics/2025Q4.csv"].RowsRejected);
        var zurich = outcomes["zurich-media/metrics/2026Q1.csv"];
        Assert.Equal((52L, 0L), (zurich.RowsAccepted, zurich.RowsRejected));
        Assert.All(outcomes.Values.Where(o => !o.IsRejected), o => Assert.True(o.RowsAccepted > 0));
        Assert.Equal(6, outcomes.Values.Sum(o => o.RowsRejected) - bad.RowsRejected);
    }

    [Fact]
    public async Task An_unreadable_reference_file_is_one_clear_problem()
    {
        var result = await ReferenceDataLoader.LoadPartnersAsync(new MemoryStream([0x1F, 0x8B, 0x08, 0x00]), "partners.csv");
        Assert.Null(result.Value);
        Assert.StartsWith("partners.csv: The file is compressed with gzip", Assert.Single(result.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void A_profile_in_bad_json_or_with_unknown_keys_is_refused()
    {
        Assert.NotEmpty(ReferenceDataLoader.ParseProfile("{\"headerAliases\": "u8).Problems);
        Assert.NotEmpty(ReferenceDataLoader.ParseProfile("{\"dateFmt\": \"dd/MM/yyyy\"}"u8).Problems);
        Assert.NotEmpty(ReferenceDataLoader.ParseProfile("{\"decimalSeparator\": \",,\"}"u8).Problems);
        Assert.Equal(',', ReferenceDataLoader.ParseProfile("{\"decimalSeparator\": \",\"}"u8).Value!.DecimalSeparator);
    }
}
