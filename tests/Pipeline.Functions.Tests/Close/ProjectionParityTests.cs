using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Domain;
using Pipeline.Domain.Close;
using Pipeline.Dev.Samples;
using Pipeline.Functions.Close;
using Pipeline.Azure;
using Pipeline.Testing;
using Xunit;
using Pipeline.Close;

namespace Pipeline.Functions.Tests.Close;

/// <summary>The scorecard's projection is the close's computation on the lake as it stands: with no new data, every
/// partner's statement total equals the projection made just before the close (holds released).</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class ProjectionParityTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task For_every_demo_partner_the_projection_before_the_close_equals_the_statement_total()
    {
        await using var h = await CloseHarness.StartAsync(azurite.NewConnectionString());
        var files = new SampleDataGenerator().Generate();
        foreach (var f in files.Where(f => f.Container == Names.Config))
            await h.Storage.Container(Names.Config).GetBlobClient(f.BlobName).UploadAsync(BinaryData.FromBytes(f.Content), overwrite: true);
        await h.DropAsync([.. files.Where(f => f.Container == Names.Drops).Select(f => (f.BlobName, f.Text))]);
        var projection = h.App.Services.GetRequiredService<QuarterProjection>();

        var compared = 0;
        var withAdjustments = 0;
        for (var q = new Quarter(2025, 4); q <= new Quarter(2026, 3); q = q.Next())
        {
            var projected = (await projection.ComputeAsync(q, null)).ToDictionary(c => c.Result.PartnerId, c => c.Result);
            var status = await h.CloseAsync(q);
            if (CloseClient.Waiting(status) is not null)
            {
                await h.Closes.DecideAsync(q, new CloseDecision(DecisionActions.AllPartners, DecisionActions.Release, null, "checked", "ana"));
                status = await h.Closes.WaitAsync(q);
            }

            Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
            var closed = await CloseResultsAsync(h, q);
            foreach (var (partner, result) in closed)
            {
                Assert.True(projected.TryGetValue(partner, out var p), $"{q}: {partner} was closed but not projected");
                Assert.True(p!.TotalEarned == result.TotalEarned, $"{q} {partner}: projected {p.TotalEarned}, statement {result.TotalEarned}");
                Assert.Equal(result.Lines.Select(l => (l.RuleId, l.Amount)), p.Lines.Select(l => (l.RuleId, l.Amount)));
                compared++;
                if (result.Lines.Any(l => l.RuleId is "prior-period-adjustment" or "clawback")) withAdjustments++;
            }
        }

        Assert.True(compared >= SampleDataGenerator.Partners.Count * 3, $"only {compared} partner quarters compared");
        Assert.True(withAdjustments > 0, "the demo data has no correction or clawback to compare");
    }

    private static async Task<Dictionary<string, Domain.Payouts.PayoutResult>> CloseResultsAsync(CloseHarness h, Quarter q)
    {
        var results = new Dictionary<string, Domain.Payouts.PayoutResult>(StringComparer.Ordinal);
        for (var i = 0; await h.Blobs.ReadAsync<BatchResults>(Pipeline.Close.ClosePaths.Batch(q, i)) is { } batch; i++)
        {
            foreach (var o in batch.Partners) results[o.Result.PartnerId] = o.Result;
        }

        return results;
    }
}
