using Pipeline.Domain.Deals;
namespace Pipeline.Domain.Ingest;

/// <summary>
/// An accepted deal, normalised: amounts rounded to cents (half away from zero), currency upper-case ISO 4217,
/// USD amounts computed at the FX rate of the close date (or the latest earlier one). This is what the lake
/// stores; <see cref="ToNormalisedDeal"/> gives the payout calculator its <see cref="NormalisedDeal"/>.
/// </summary>
public sealed record DealRow(
    string DealId,
    string PartnerId,
    DateOnly CloseDate,
    string? CustomerId,
    string? Product,
    int Quantity,
    decimal ListAmount,
    decimal NetAmount,
    string Currency,
    decimal UsdPerUnit,
    decimal UsdList,
    decimal UsdNet,
    DealStatus Status,
    DateOnly? RefundDate)
{
    /// <summary>The quarter the deal belongs to: that of its close date.</summary>
    public Quarter Quarter => Quarter.Of(CloseDate);

    /// <summary>The calculator's view of the deal (no customer, no rate; a missing product is empty).</summary>
    public NormalisedDeal ToNormalisedDeal() =>
        new(DealId, PartnerId, CloseDate, Product ?? "", Quantity, ListAmount, NetAmount, Currency, UsdNet, UsdList, Status, RefundDate);
}
