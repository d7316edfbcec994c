using System.Net;
using Pipeline.Azure;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Functions.Tests.Access;

/// <summary>A partner key reaches that partner's data and nothing else.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class PartnerIsolationTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Partner_A_key_gets_no_upload_link_for_partner_B_paths()
    {
        await using var h = await AccessHarness.StartAsync(azurite);
        var keyA = await h.PartnerKeyAsync("p-a");

        var direct = await h.RequestUploadAsync("p-b", keyA, "july.csv");
        var viaHost = await h.InvokeAsync("PartnerUpload", "POST", "api/partners/p-b/uploads", new Dictionary<string, string> { ["id"] = "p-b" }, keyA, """{"fileName":"july.csv","kind":"deals"}""");

        foreach (var answer in new[] { direct, viaHost })
        {
            Assert.Equal(HttpStatusCode.Forbidden, answer.Status);
            Assert.DoesNotContain("sig=", answer.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("uploadUrl", answer.Body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Partner_A_key_cannot_list_partner_B_statements_or_feedback()
    {
        await using var h = await AccessHarness.StartAsync(azurite);
        await h.PutAsync(Names.Statements, "2026Q2/p-b/statement.pdf", "B's statement");
        await h.PutAsync(Names.Feedback, "p-b/deals/july.csv.json", "B's feedback");
        var keyA = await h.PartnerKeyAsync("p-a");

        var answers = new[]
        {
            await h.GetAsync("api/partners/p-b/statements", keyA),
            await h.GetAsync("api/partners/p-b/feedback", keyA),
            await h.InvokeAsync("PartnerStatements", "GET", "api/partners/p-b/statements", new Dictionary<string, string> { ["id"] = "p-b" }, keyA),
            await h.InvokeAsync("PartnerFeedback", "GET", "api/partners/p-b/feedback", new Dictionary<string, string> { ["id"] = "p-b" }, keyA),
        };

        Assert.All(answers, a =>
        {
            Assert.Equal(HttpStatusCode.Forbidden, a.Status);
            Assert.DoesNotContain("p-b/", a.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("sig=", a.Body, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Partner_lists_exactly_its_own_statements_and_feedback_and_each_link_reads_that_file()
    {
        await using var h = await AccessHarness.StartAsync(azurite);
        // "p-1" is a prefix of "p-10": a listing by plain prefix would leak p-10's files to p-1.
        await h.PutAsync(Names.Statements, "2026Q1/p-1/statement.pdf", "p-1 Q1");
        await h.PutAsync(Names.Statements, "2026Q2/p-1/statement.pdf", "p-1 Q2");
        await h.PutAsync(Names.Statements, "2026Q2/p-1/lines.csv", "p-1 Q2 lines");
        await h.PutAsync(Names.Statements, "2026Q2/p-10/statement.pdf", "p-10 Q2");
        await h.PutAsync(Names.Statements, "2026Q2/finance-summary.pdf", "finance only");
        await h.PutAsync(Names.Feedback, "p-1/deals/july.csv.json", "p-1 feedback");
        await h.PutAsync(Names.Feedback, "p-10/deals/july.csv.json", "p-10 feedback");
        var key = await h.PartnerKeyAsync("p-1");

        var statements = await h.GetAsync("api/partners/p-1/statements", key);
        var feedback = await h.GetAsync("api/partners/p-1/feedback", key);

        Assert.Equal(HttpStatusCode.OK, statements.Status);
        Assert.Equal(HttpStatusCode.OK, feedback.Status);
        var statementFiles = statements.Json.GetProperty("files").EnumerateArray().ToList();
        var feedbackFiles = feedback.Json.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(["2026Q1/p-1/statement.pdf", "2026Q2/p-1/lines.csv", "2026Q2/p-1/statement.pdf"], statementFiles.Select(f => f.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(["p-1/deals/july.csv.json"], feedbackFiles.Select(f => f.GetProperty("name").GetString()));
        foreach (var file in statementFiles.Concat(feedbackFiles))
        {
            var (status, body) = await RawBlob.GetAsync(new Uri(file.GetProperty("url").GetString()!));
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.StartsWith("p-1 ", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Finance_key_is_not_a_partner_key()
    {
        await using var h = await AccessHarness.StartAsync(azurite);
        var finance = await h.FinanceKeyAsync(role: Pipeline.Access.ApiKeyRoles.Approver);

        var answer = await h.GetAsync("api/partners/p-1/statements", finance);

        Assert.Equal(HttpStatusCode.Forbidden, answer.Status);
        Assert.Contains("partner API key is required", answer.Error, StringComparison.Ordinal);
    }
}
