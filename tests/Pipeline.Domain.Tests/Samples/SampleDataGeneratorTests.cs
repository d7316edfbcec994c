using System.Text;
using Pipeline.Domain.Partners;
using Pipeline.Domain.Reference;
using Pipeline.Dev.Samples;
using Xunit;

namespace Pipeline.Domain.Tests.Samples;

public sealed class SampleDataGeneratorTests
{
    [Fact]
    public void The_same_seed_gives_the_same_bytes_and_another_seed_different_ones()
    {
        var a = new SampleDataGenerator(7).Generate();
        var b = new SampleDataGenerator(7).Generate();
        var c = new SampleDataGenerator(8).Generate();
        Assert.Equal(a.Select(f => (f.BlobName, Convert.ToHexString(f.Content))), b.Select(f => (f.BlobName, Convert.ToHexString(f.Content))));
        Assert.NotEqual(a.Select(f => Convert.ToHexString(f.Content)), c.Select(f => Convert.ToHexString(f.Content)));
    }

    [Fact]
    public void It_has_agencies_and_resellers_four_quarters_of_drops_and_a_non_latin_name()
    {
        var files = new SampleDataGenerator().Generate();
        Assert.Contains(SampleDataGenerator.Partners, p => p.Type == PartnerType.Agency);
        Assert.Contains(SampleDataGenerator.Partners, p => p.Type == PartnerType.Reseller);
        Assert.Contains("Zürich Média Ünion", files.Single(f => f.BlobName == "partners.csv").Text, StringComparison.Ordinal);
        foreach (var p in SampleDataGenerator.Partners)
        {
            Assert.Equal(4, files.Count(f => f.Container == "drops" && f.BlobName.StartsWith($"{p.PartnerId}/metrics/", StringComparison.Ordinal)));
            if (p.Type == PartnerType.Reseller)
            {
                Assert.True(files.Count(f => f.BlobName.StartsWith($"{p.PartnerId}/deals/", StringComparison.Ordinal)) >= 4);
            }
        }
        Assert.Contains(files, f => f.BlobName == "fx/2025.csv");
        Assert.Contains(files, f => f.BlobName == "fx/2026.csv");
    }

    [Fact]
    public void Two_resellers_report_the_same_deal_id_in_one_quarter()
    {
        var files = new SampleDataGenerator().Generate();
        var holders = files.Where(f => f.BlobName.EndsWith("/deals/2026Q2.csv", StringComparison.Ordinal) && f.Text.Contains(SampleDataGenerator.DuplicateDealId, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, holders.Count);
    }

    [Fact]
    public void The_large_deals_file_is_streamed_with_the_requested_number_of_rows()
    {
        var ms = new MemoryStream();
        SampleDataGenerator.WriteLargeDealsCsv(ms, 1000);
        var lines = Encoding.UTF8.GetString(ms.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1001, lines.Length);
        Assert.StartsWith("deal_id,close_date", lines[0], StringComparison.Ordinal);
        Assert.Equal(1000, lines.Skip(1).Select(l => l.Split(',')[0]).Distinct().Count());
    }
}
