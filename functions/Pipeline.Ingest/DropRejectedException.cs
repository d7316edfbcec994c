using Pipeline.Domain.Ingest;

namespace Pipeline.Ingest;

/// <summary>
/// Thrown by the readers when the file as a whole cannot be accepted; <see cref="DropRows"/> turns it into
/// a rejected <see cref="DropOutcome"/>. An exception because the problem can surface deep in a stream
/// (invalid UTF-8 at line 800,000) and every caller must stop reading and discard what was written.
/// </summary>
public sealed class DropRejectedException : Exception
{
    public DropRejectedException(DropRejection rejection)
        : base(rejection.Reason) => Rejection = rejection;

    public DropRejectedException(DropRejection rejection, Exception inner)
        : base(rejection.Reason, inner) => Rejection = rejection;

    public DropRejection Rejection { get; }

    internal static DropRejectedException Of(string code, string reason, long? line = null) => new(new DropRejection(code, reason, line));
}
