namespace Pipeline.Domain.Deals;

/// <summary>The names of the deal statuses in deal files and the lake's deals table.</summary>
public static class DealStatuses
{
    public const string Won = "won";
    public const string Refunded = "refunded";

    public static string Name(DealStatus status) => status switch
    {
        DealStatus.Won => Won,
        DealStatus.Refunded => Refunded,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown deal status."),
    };
}
