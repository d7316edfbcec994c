namespace Pipeline.Domain.Ingest;

/// <summary>What a drop contains, from its path <c>drops/{partnerId}/{kind}/{fileName}</c>.</summary>
public enum DropKind
{
    Deals,
    Metrics,
}

/// <summary>Names of <see cref="DropKind"/> as paths write them (the strings are <see cref="Drops.DropFolders"/>).</summary>
public static class DropKindExtensions
{
    /// <summary>The path segment of a kind: <c>deals</c> or <c>metrics</c>.</summary>
    public static string PathSegment(this DropKind kind) => kind == DropKind.Deals ? Drops.DropFolders.Deals : Drops.DropFolders.Metrics;

    public static bool TryParse(string? segment, out DropKind kind)
    {
        switch (segment?.Trim().ToLowerInvariant())
        {
            case Drops.DropFolders.Deals: kind = DropKind.Deals; return true;
            case Drops.DropFolders.Metrics: kind = DropKind.Metrics; return true;
            default: kind = default; return false;
        }
    }
}
