namespace Pipeline.Domain.Reference;

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

/// <summary>A row of the partner registry (<c>config/partners.csv</c>), owned by finance.</summary>
public sealed record Partner(
    string PartnerId,
    string Name,
    PartnerType Type,
    decimal BaseFee,
    decimal QuarterlyTarget,
    DateOnly Joined,
    PartnerStatus Status);

/// <summary>The partners the pipeline knows; a drop from any other partner id is rejected.</summary>
public sealed class PartnerRegistry
{
    private readonly Dictionary<string, Partner> _byId;

    public PartnerRegistry(IEnumerable<Partner> partners) =>
        _byId = partners.ToDictionary(p => p.PartnerId, StringComparer.Ordinal);

    public IReadOnlyCollection<Partner> All => _byId.Values;

    public Partner? Find(string partnerId) => _byId.GetValueOrDefault(partnerId);
}
