namespace Pipeline.Ingest;

/// <summary>Outcomes of a drop as recorded in the audit table.</summary>
public static class AuditOutcomes
{
    /// <summary>Read and ingested: its rows are in the lake (some may have been rejected: see the counts).</summary>
    public const string Accepted = "accepted";
    /// <summary>Byte-identical to an earlier accepted drop of the partner: recorded, changes nothing.</summary>
    public const string Duplicate = "duplicate";
    public const string Rejected = "rejected";
    public const string Superseded = "superseded";
}
