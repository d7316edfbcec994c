namespace Pipeline.Domain.Partners;

/// <summary>The two kinds of partner the registry knows; each is covered by one plan of a program.</summary>
public enum PartnerType
{
    Agency,
    Reseller,
}

public enum PartnerStatus
{
    Active,
    Inactive,
}

/// <summary>A partner as the registry (finance's reference data) describes it. Money in USD.</summary>
public sealed record Partner(
    string PartnerId,
    string Name,
    PartnerType Type,
    decimal BaseFee,
    decimal QuarterlyTarget,
    DateOnly Joined,
    PartnerStatus Status = PartnerStatus.Active);
