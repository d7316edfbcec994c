using Pipeline.Domain.Drops;
using Xunit;

namespace Pipeline.Domain.Tests.Drops;

public sealed class DropPathTests
{
    [Theory]
    [InlineData("p-1001/deals/2026-07.csv", "p-1001", "deals", "2026-07.csv")]
    [InlineData("acme_eu/metrics/week 31.jsonl", "acme_eu", "metrics", "week 31.jsonl")]
    public void A_well_formed_path_names_partner_kind_and_file(string blob, string partner, string kind, string file)
    {
        Assert.True(DropPath.TryParse(blob, out var path, out var reason));
        Assert.Equal(new DropPath(partner, kind, file), path);
        Assert.Equal("", reason);
        Assert.Equal(blob, path!.BlobName);
    }

    [Theory]
    [InlineData("", "the blob name is empty")]
    [InlineData("p-1/deals", "does not match {partnerId}/{kind}/{fileName}")]
    [InlineData("p-1/deals/a/b.csv", "does not match {partnerId}/{kind}/{fileName}")]
    [InlineData("p-1//x.csv", "does not match {partnerId}/{kind}/{fileName}")]
    [InlineData("p-1/../deals/x.csv", "'.' or '..' path segments")]
    [InlineData("p-1/deals/..", "'.' or '..' path segments")]
    [InlineData("p-1/deals/x\u0000.csv", "control characters")]
    [InlineData("p-1/deals/x\r\n.csv", "control characters")]
    [InlineData("p-1/invoices/x.csv", "unknown kind 'invoices'")]
    [InlineData("p-1/Deals/x.csv", "unknown kind 'Deals'")]
    [InlineData("p 1/deals/x.csv", "the partner id 'p 1' must be")]
    [InlineData("p-1/deals/a\\b.csv", "without backslashes")]
    public void A_bad_path_is_refused_with_a_reason_a_partner_understands(string blob, string expected)
    {
        Assert.False(DropPath.TryParse(blob, out var path, out var reason));
        Assert.Null(path);
        Assert.Contains(expected, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_over_long_file_name_is_refused()
    {
        Assert.False(DropPath.TryParse($"p-1/deals/{new string('x', DropPath.MaxFileNameLength + 1)}", out _, out var reason));
        Assert.Contains("1-200 characters", reason, StringComparison.Ordinal);
    }
}
