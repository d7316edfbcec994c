namespace Pipeline.Domain.Deals;

public enum DealStatus
{
    Won,
    Refunded,
}

/// <summary>
/// A deal row after ingestion: amounts rounded to cents in the deal's currency, and converted to USD at the
/// close date's FX rate (UsdNet, UsdList, also rounded to cents). RefundDate is set when Status is Refunded.
/// </summary>
public sealed record NormalisedDeal(
    string DealId,
    string PartnerId,
    DateOnly CloseDate,
    string Product,
    int Quantity,
    decimal ListAmount,
    decimal NetAmount,
    string Currency,
    decimal UsdNet,
    decimal UsdList,
    DealStatus Status = DealStatus.Won,
    DateOnly? RefundDate = null);
