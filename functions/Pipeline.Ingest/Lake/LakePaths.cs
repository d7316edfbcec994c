using Pipeline.Domain.Ingest;
using Pipeline.Domain;

namespace Pipeline.Ingest.Lake;

/// <summary>
/// Blob names inside the <c>lake</c> container, Hive-style so that DuckDB, Spark or Synapse read the quarter
/// as a partition column: <c>deals/quarter=2026Q3/{partnerId}-{dropId}.parquet</c>.
/// </summary>
public static class LakePaths
{
    public const string Container = "lake";

    public static string Deals(Quarter quarter, string partnerId, string dropId) => File("deals", quarter, partnerId, dropId);

    public static string Metrics(Quarter quarter, string partnerId, string dropId) => File("metrics", quarter, partnerId, dropId);

    public static string For(DropKind kind, Quarter quarter, string partnerId, string dropId) =>
        File(kind.PathSegment(), quarter, partnerId, dropId);

    /// <summary>The folder of one table and quarter, for listing (<c>deals/quarter=2026Q3/</c>).</summary>
    public static string QuarterPrefix(string table, Quarter quarter) => $"{table}/quarter={quarter}/";

    public static string ForTable(string table, Quarter quarter, string partnerId, string dropId) => File(table, quarter, partnerId, dropId);

    private static string File(string table, Quarter quarter, string partnerId, string dropId)
    {
        CheckSegment(partnerId, nameof(partnerId));
        CheckSegment(dropId, nameof(dropId));
        return $"{QuarterPrefix(table, quarter)}{partnerId}-{dropId}.parquet";
    }

    private static void CheckSegment(string value, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, name);
        if (value.Contains('/') || value.Contains('\\') || value.Contains('=') || value.Contains(".."))
        {
            throw new ArgumentException($"'{value}' cannot be part of a lake path (no '/', '\\', '=' or '..').", name);
        }
    }
}
