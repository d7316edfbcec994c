using System.Net;
using Pipeline.Domain.Drops;
using Pipeline.Azure;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Functions.Tests.Access;

/// <summary>Upload requests with names that could escape the partner's folder, hide text or overflow are refused with a reason.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class UploadNameTests(AzuriteFixture azurite)
{
    public static TheoryData<string, string, string> Refused => new()
    {
        { "../p-2/deals/july.csv", "deals", "must not contain '/' or '\\'" },
        { "..", "deals", "must not contain '..'" },
        { "july..csv", "deals", "must not contain '..'" },
        { "deals/july.csv", "deals", "must not contain '/' or '\\'" },
        { "..\\july.csv", "deals", "must not contain '/' or '\\'" },
        { "july\u0000.csv", "deals", "control characters" },
        { "july\r\n.csv", "deals", "control characters" },
        { "july\u001b[31m.csv", "deals", "control characters" },
        { "invoice\u202Evsc.exe", "deals", "invisible formatting characters" },
        { new string('a', 201), "deals", "201 characters long; at most 174 are allowed" },
        { new string('a', DropUpload.MaxFileNameLength + 1), "deals", "at most 174 are allowed" },
        { "", "deals", "fileName is required" },
        { " july.csv", "deals", "must not start or end with a space" },
        { "july.", "deals", "nor end with '.'" },
        { "july.csv", "invoices", "unknown kind 'invoices': expected one of deals, metrics" },
        { "july.csv", "", "kind is required" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Upload_request_is_refused_with_400_and_a_reason(string fileName, string kind, string reason)
    {
        await using var h = await AccessHarness.StartAsync(azurite);
        var key = await h.PartnerKeyAsync("p-1");

        var answer = await h.RequestUploadAsync("p-1", key, fileName, kind);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains(reason, answer.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("sig=", answer.Body, StringComparison.Ordinal);
        Assert.Empty(await h.BlobNamesAsync(Names.Drops));
    }

    [Fact]
    public async Task A_partner_gets_at_most_sixty_upload_links_an_hour_then_429_with_when_to_come_back()
    {
        await using var h = await AccessHarness.StartAsync(azurite);
        var key = await h.PartnerKeyAsync("p-1");
        var otherKey = await h.PartnerKeyAsync("p-2");

        var answers = await Task.WhenAll(Enumerable.Range(0, Pipeline.Access.UploadQuota.LinksPerHour + 5)
            .Select(i => h.RequestUploadAsync("p-1", key, $"file-{i}.csv")));

        Assert.Equal(Pipeline.Access.UploadQuota.LinksPerHour, answers.Count(a => a.Status == HttpStatusCode.OK));
        var refused = answers.Where(a => a.Status != HttpStatusCode.OK).ToList();
        Assert.Equal(5, refused.Count);
        Assert.All(refused, a => Assert.Equal(HttpStatusCode.TooManyRequests, a.Status));
        Assert.StartsWith("This partner has had 60 upload links this hour", refused[0].Error, StringComparison.Ordinal);
        // Another partner's hour is its own.
        Assert.Equal(HttpStatusCode.OK, (await h.RequestUploadAsync("p-2", otherKey, "july.csv")).Status);
    }

    [Fact]
    public async Task A_body_that_is_not_the_expected_json_is_refused_with_400()
    {
        await using var h = await AccessHarness.StartAsync(azurite);
        var key = await h.PartnerKeyAsync("p-1");

        var answers = new[]
        {
            await h.PostAsync("api/partners/p-1/uploads", key, "{not json"),
            await h.PostAsync("api/partners/p-1/uploads", key, """{"fileName": 12, "kind": "deals"}"""),
            await h.PostAsync("api/partners/p-1/uploads", key, ""),
        };

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.BadRequest, a.Status));
        Assert.All(answers, a => Assert.Contains("The body must be JSON", a.Error, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_longest_allowed_name_gets_a_link_that_the_receiving_side_accepts()
    {
        await using var h = await AccessHarness.StartAsync(azurite);
        var key = await h.PartnerKeyAsync("p-1");
        var longest = new string('a', DropUpload.MaxFileNameLength - 4) + ".csv";

        var answer = await h.RequestUploadAsync("p-1", key, longest, "metrics");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var blobName = answer.Json.GetProperty("blobName").GetString()!;
        Assert.True(DropPath.TryParse(blobName, out var path, out var reason), reason);
        Assert.Equal(("p-1", "metrics"), (path!.PartnerId, path.Kind));
        Assert.EndsWith("-" + longest, path.FileName, StringComparison.Ordinal);
        Assert.Equal(DropPath.MaxFileNameLength, path.FileName.Length);
    }

    [Fact]
    public async Task Authentication_comes_before_validation_so_strangers_learn_nothing_about_the_rules()
    {
        await using var h = await AccessHarness.StartAsync(azurite);

        var answer = await h.RequestUploadAsync("p-1", null, "../x.csv");

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
    }
}
