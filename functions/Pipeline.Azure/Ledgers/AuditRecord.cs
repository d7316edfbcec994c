using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Azure;

/// <summary>
/// What the pipeline did with one drop. The ledger chains the records of a partner: each carries the hash of the
/// partner's previous record, and its own hash covers every field below plus that link, so editing or deleting
/// history breaks the chain where it happened.
/// </summary>
public sealed record AuditRecord
{
    public required string DropId { get; init; }
    public required string Path { get; init; }
    public string PartnerId { get; init; } = "";
    public string Kind { get; init; } = "";
    public string FileName { get; init; } = "";
    public long Size { get; init; }
    public string Sha256 { get; init; } = "";
    public string SourceETag { get; init; } = "";
    public string RawBlob { get; init; } = "";
    public DateTimeOffset ReceivedAt { get; init; }
    public DateTimeOffset CompletedAt { get; init; }
    public required string Outcome { get; init; }
    public string Reason { get; init; } = "";
    public long RowsRead { get; init; }
    public long RowsAccepted { get; init; }
    public long RowsRejected { get; init; }
    /// <summary>The most frequent rejection reasons, "reason (count)" joined by "; ".</summary>
    public string TopReasons { get; init; } = "";
    /// <summary>Blob names of what this drop produced (lake files, quarantine, feedback), joined by "|".</summary>
    public string Outputs { get; init; } = "";

    /// <summary>The chain position and links, set by the ledger when the record is appended.</summary>
    public long Sequence { get; init; }
    public string PreviousHash { get; init; } = "";
    public string Hash { get; init; } = "";

    /// <summary>The hash of this record's content and its link to the previous one. Field order and formats are
    /// fixed forever: changing them would make every stored chain fail verification.</summary>
    public string ComputeHash()
    {
        var text = string.Join('\u001f',
            DropId, Path, PartnerId, Kind, FileName, Size.ToString(CultureInfo.InvariantCulture), Sha256, SourceETag, RawBlob,
            ReceivedAt.UtcTicks.ToString(CultureInfo.InvariantCulture), CompletedAt.UtcTicks.ToString(CultureInfo.InvariantCulture),
            Outcome, Reason, RowsRead.ToString(CultureInfo.InvariantCulture), RowsAccepted.ToString(CultureInfo.InvariantCulture),
            RowsRejected.ToString(CultureInfo.InvariantCulture), TopReasons, Outputs, Sequence.ToString(CultureInfo.InvariantCulture), PreviousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
