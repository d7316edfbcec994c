namespace Pipeline.Domain.Ingest;

/// <summary>Bounds the lake's column types put on values, checked when rows are normalised.</summary>
public static class LakeLimits
{
    /// <summary>The largest amount DECIMAL(18,2) holds.</summary>
    public const decimal MaxAmount = 9_999_999_999_999_999.99m;

    /// <summary>The dates a row may carry: the years the program can pay for. A date outside them is a typo
    /// (0001-01-01, 9999-12-31) that would otherwise open a quarter partition of its own.</summary>
    public static readonly DateOnly MinDate = new(2000, 1, 1);

    public static readonly DateOnly MaxDate = new(2099, 12, 31);

    public static bool InRange(DateOnly date) => date >= MinDate && date <= MaxDate;

    public static string OutOfRange(string column, DateOnly date) =>
        $"{column} {date:yyyy-MM-dd} is outside the dates the program covers ({MinDate:yyyy-MM-dd} to {MaxDate:yyyy-MM-dd})";
}
