using Pipeline.Domain.Drops;
using Xunit;

namespace Pipeline.Domain.Tests.Drops;

public sealed class DropUploadTests
{
    private static readonly DateTimeOffset Now = new(2026, 7, 2, 10, 30, 5, TimeSpan.FromHours(2));

    [Fact]
    public void An_upload_gets_a_new_name_under_the_partner_and_kind_that_the_receiving_side_accepts()
    {
        Assert.True(DropUpload.TryCreate("p-1", "deals", "july.csv", Now, "0a1b2c3d", out var path, out var reason), reason);

        Assert.Equal("p-1/deals/20260702T083005Z-0a1b2c3d-july.csv", path!.BlobName);
        Assert.True(DropPath.TryParse(path.BlobName, out var parsed, out _));
        Assert.Equal(path, parsed);
    }

    [Theory]
    [InlineData("../x.csv", "must not contain '/' or '\\'")]
    [InlineData("a..b", "must not contain '..'")]
    [InlineData("x\t.csv", "control characters")]
    [InlineData("x\u200B.csv", "invisible formatting characters")]
    public void Unsafe_names_are_refused_with_the_reason(string fileName, string expected)
    {
        Assert.False(DropUpload.TryCreate("p-1", "deals", fileName, Now, "0a1b2c3d", out var path, out var reason));
        Assert.Null(path);
        Assert.Contains(expected, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_longest_allowed_name_fills_the_drop_file_name_exactly()
    {
        var longest = new string('x', DropUpload.MaxFileNameLength);

        Assert.True(DropUpload.TryCreate("p-1", "metrics", longest, Now, "0a1b2c3d", out var path, out _));
        Assert.Equal(DropPath.MaxFileNameLength, path!.FileName.Length);
        Assert.False(DropUpload.TryCreate("p-1", "metrics", longest + "x", Now, "0a1b2c3d", out _, out var reason));
        Assert.Contains($"at most {DropUpload.MaxFileNameLength}", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("p/1")]
    [InlineData("..")]
    [InlineData("")]
    public void A_partner_id_that_is_not_a_plain_token_gets_no_path(string partnerId)
    {
        Assert.False(DropUpload.TryCreate(partnerId, "deals", "july.csv", Now, "0a1b2c3d", out _, out var reason));
        Assert.Contains("partner id", reason, StringComparison.Ordinal);
    }
}
