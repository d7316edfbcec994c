using Pipeline.Azure;
using Pipeline.Dev.Samples;

namespace Pipeline.LocalHost;

/// <summary>What <see cref="SampleData.IngestAsync"/> did: files uploaded, events processed, audit outcomes.</summary>
public sealed record SampleDataIngested(int ConfigFiles, int Drops, int Events, IReadOnlyDictionary<string, int> Outcomes);

/// <summary>The demo's year of data (<see cref="SampleDataGenerator"/>, 2025Q4..2026Q3): finance's reference data and
/// the partners' drops uploaded, then received and ingested by the app as its triggers would. Used by the demo, the
/// scorecard benchmark and the screenshot tool.</summary>
public static class SampleData
{
    public static async Task<SampleDataIngested> IngestAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var app = await LocalApp.CreateAsync(connectionString, cancellationToken: cancellationToken);
        var account = app.Get<StorageAccount>();
        var files = new SampleDataGenerator().Generate();
        foreach (var file in files.OrderBy(f => f.Container == Names.Config ? 0 : 1))
            await account.Container(file.Container).GetBlobClient(file.BlobName).UploadAsync(BinaryData.FromBytes(file.Content), overwrite: true, cancellationToken);

        var handled = await app.ProcessPendingAsync(cancellationToken);
        var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        await foreach (var record in app.Get<AuditLedger>().ReadAllAsync(cancellationToken))
            outcomes[record.Outcome] = outcomes.GetValueOrDefault(record.Outcome) + 1;
        return new SampleDataIngested(
            files.Count(f => f.Container == Names.Config), files.Count(f => f.Container == Names.Drops), handled, outcomes);
    }
}
