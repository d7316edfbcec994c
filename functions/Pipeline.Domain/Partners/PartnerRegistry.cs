namespace Pipeline.Domain.Partners;

/// <summary>The partners finance registered (<c>config/partners.csv</c>); a drop from any other partner id is rejected.</summary>
public sealed class PartnerRegistry
{
    private readonly Dictionary<string, Partner> _byId;

    public PartnerRegistry(IEnumerable<Partner> partners) =>
        _byId = partners.ToDictionary(p => p.PartnerId, StringComparer.Ordinal);

    public IReadOnlyCollection<Partner> All => _byId.Values;

    public Partner? Find(string partnerId) => _byId.GetValueOrDefault(partnerId);
}
