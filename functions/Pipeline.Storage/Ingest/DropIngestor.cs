using System.Threading.Channels;
using Pipeline.Domain.Ingest;
using Pipeline.Domain.Reference;

namespace Pipeline.Storage.Ingest;

/// <summary>
/// Reads a drop, normalises every record and hands each to the accepted or the rejected sink, counting as it
/// goes. Streaming end to end: memory does not grow with the file (apart from the set of deal ids seen).
/// When the file is rejected as a whole, the outcome says so and the caller must discard what the sinks
/// received (write the lake and feedback to provisional blobs, commit them only when not rejected).
/// Reading (download, CSV/JSON parsing, UTF-8 checks) runs on a worker ahead of normalising, in chunks of
/// records through a bounded channel: on two cores the parse and the normalise overlap instead of taking
/// turns, while the records are still normalised and handed to the sinks one at a time, in file order.
/// </summary>
public static class DropIngestor
{
    /// <summary>Records a chunk holds: large enough that handing chunks over costs nothing per row.</summary>
    internal const int ChunkRecords = 1024;

    /// <summary>Chunks read ahead of the normaliser: keeps the reader busy while memory stays at a few MB.</summary>
    internal const int ChunksAhead = 4;

    public static async Task<DropOutcome> IngestAsync<T>(
        Stream input, string fileName, IRowNormaliser<T> normaliser, PartnerProfile? profile,
        IAcceptedRowSink<T> accepted, IRejectedRowSink rejected, IngestLimits? limits = null,
        CancellationToken cancellationToken = default) where T : class
    {
        var tally = new DropTally();
        var chunks = Channel.CreateBounded<ArraySegment<RawRecord>>(new BoundedChannelOptions(ChunksAhead)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = Task.Run(() => ReadChunksAsync(input, fileName, normaliser.Schema, profile, limits, chunks.Writer, stop.Token), stop.Token);
        try
        {
            while (await chunks.Reader.WaitToReadAsync(cancellationToken))
            {
                while (chunks.Reader.TryRead(out var chunk))
                {
                    foreach (var record in chunk)
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
            }
            // Every record read before a file-level problem has been handed on, as when reading inline; the
            // problem (or any failure of the read) surfaces here.
            await reading;
        }
        catch (DropRejectedException e)
        {
            return tally.Reject(e.Rejection);
        }
        finally
        {
            // A sink failed or the caller cancelled: stop the reader (it may wait on a full channel) and let it
            // finish before the caller disposes the input stream under it.
            if (!reading.IsCompleted)
            {
                await stop.CancelAsync();
                try
                {
                    await reading;
                }
                catch (Exception)
                {
                    // The failure that got us here is the one the caller needs; the reader's is its consequence.
                }
            }
        }
        return tally.Complete();
    }

    private static async Task ReadChunksAsync(
        Stream input, string fileName, RecordSchema schema, PartnerProfile? profile, IngestLimits? limits,
        ChannelWriter<ArraySegment<RawRecord>> chunks, CancellationToken cancellationToken)
    {
        try
        {
            var chunk = new RawRecord[ChunkRecords];
            var n = 0;
            await foreach (var record in DropReader.ReadAsync(input, fileName, schema, profile, limits, cancellationToken))
            {
                chunk[n++] = record;
                if (n < chunk.Length) continue;
                await chunks.WriteAsync(chunk, cancellationToken);
                // The normaliser may still be reading the chunk just handed over: a new array, never a reused one.
                chunk = new RawRecord[ChunkRecords];
                n = 0;
            }
            if (n > 0) await chunks.WriteAsync(new ArraySegment<RawRecord>(chunk, 0, n), cancellationToken);
        }
        finally
        {
            // Without an exception: the normaliser drains what was read, then awaits this task for the failure.
            chunks.TryComplete();
        }
    }

    /// <summary>Ingests a deals drop: normalised at the FX rates of <paramref name="fx"/>.</summary>
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
