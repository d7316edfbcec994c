namespace Pipeline.Domain.Ingest;

/// <summary>What a drop contains, from its path <c>drops/{partnerId}/{kind}/{fileName}</c>.</summary>
public enum DropKind
{
    Deals,
    Metrics,
}

public static class DropKinds
{
    /// <summary>The path segment of a kind: <c>deals</c> or <c>metrics</c>.</summary>
    public static string PathSegment(this DropKind kind) => kind == DropKind.Deals ? "deals" : "metrics";

    public static bool TryParse(string? segment, out DropKind kind)
    {
        switch (segment?.Trim().ToLowerInvariant())
        {
            case "deals": kind = DropKind.Deals; return true;
            case "metrics": kind = DropKind.Metrics; return true;
            default: kind = default; return false;
        }
    }
}
