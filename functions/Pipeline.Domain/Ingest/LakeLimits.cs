namespace Pipeline.Domain.Ingest;

/// <summary>Bounds the lake's column types put on values, checked when rows are normalised.</summary>
public static class LakeLimits
{
    /// <summary>The largest amount DECIMAL(18,2) holds.</summary>
    public const decimal MaxAmount = 9_999_999_999_999_999.99m;
}
