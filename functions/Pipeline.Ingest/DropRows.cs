using Pipeline.Domain.Ingest;
using Pipeline.Domain;
using Pipeline.Domain.Reference;
using Pipeline.Ingest.Lake;

namespace Pipeline.Ingest;

/// <summary>
/// Reads a drop, normalises every record and hands each to the accepted or the rejected sink, counting as it
/// goes. Streaming end to end: memory does not grow with the file (apart from the set of deal ids seen).
/// When the file is rejected as a whole, the outcome says so and the caller must discard what the sinks
/// received (write the lake and feedback to provisional blobs, commit them only when not rejected).
/// </summary>
public static class DropRows
{
    public static async Task<DropOutcome> IngestAsync<T>(
        Stream input, string fileName, IRowNormaliser<T> normaliser, PartnerProfile? profile,
        IAcceptedRowSink<T> accepted, IRejectedRowSink rejected, IngestLimits? limits = null,
        CancellationToken cancellationToken = default) where T : class
    {
        var tally = new DropTally();
        try
        {
            await foreach (var record in DropReader.ReadAsync(input, fileName, normaliser.Schema, profile, limits, cancellationToken))
            {
                var result = normaliser.Normalise(record);
                if (result.Row is { } row)
                {
                    tally.Accepted();
                    await accepted.AddAsync(record.Line, row, cancellationToken);
                }
                else
                {
                    tally.Rejected(result.Rejection!);
                    await rejected.AddAsync(result.Rejection!, cancellationToken);
                }
            }
        }
        catch (DropRejectedException e)
        {
            return tally.Reject(e.Rejection);
        }
        return tally.Complete();
    }

    /// <summary>Ingests a deals drop: normalised at the FX rates of <paramref name="fx"/>.</summary>
    /// <summary>A drop's rows into the lake table of its kind, through <paramref name="open"/> (one stream per lake
    /// file): the outcome and the lake files written, which the caller deletes when the outcome rejects the file.</summary>
    public static async Task<(DropOutcome Outcome, IReadOnlyList<LakeFile> Files)> IngestToLakeAsync(
        DropKind kind, Stream input, string fileName, DropContext drop, FxTable fx, PartnerProfile? profile,
        Func<string, Quarter, Stream> open, IRejectedRowSink rejected, IngestLimits? limits = null, CancellationToken cancellationToken = default)
    {
        if (kind == DropKind.Deals)
        {
            await using var deals = new LakeWriter<DealRow>(DealLakeTable.Instance, drop, open);
            var outcome = await IngestDealsAsync(input, fileName, drop, fx, profile, deals, rejected, limits, cancellationToken);
            return (outcome, await deals.CompleteAsync(cancellationToken));
        }

        await using var metrics = new LakeWriter<MetricRow>(MetricLakeTable.Instance, drop, open);
        var result = await IngestMetricsAsync(input, fileName, drop, profile, metrics, rejected, limits, cancellationToken);
        return (result, await metrics.CompleteAsync(cancellationToken));
    }

    public static Task<DropOutcome> IngestDealsAsync(
        Stream input, string fileName, DropContext drop, FxTable fx, PartnerProfile? profile,
        IAcceptedRowSink<DealRow> accepted, IRejectedRowSink rejected, IngestLimits? limits = null,
        CancellationToken cancellationToken = default) =>
        IngestAsync(input, fileName, new DealNormaliser(drop.PartnerId, fx, profile), profile, accepted, rejected, limits, cancellationToken);

    public static Task<DropOutcome> IngestMetricsAsync(
        Stream input, string fileName, DropContext drop, PartnerProfile? profile,
        IAcceptedRowSink<MetricRow> accepted, IRejectedRowSink rejected, IngestLimits? limits = null,
        CancellationToken cancellationToken = default) =>
        IngestAsync(input, fileName, new MetricNormaliser(drop.PartnerId, profile), profile, accepted, rejected, limits, cancellationToken);
}
