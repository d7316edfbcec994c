namespace Pipeline.Domain.Partners;

/// <summary>The names of the partner types in the registry file, program files, results and statements.</summary>
public static class PartnerTypes
{
    public const string Agency = "agency";
    public const string Reseller = "reseller";

    /// <summary>All names, in the enum's order.</summary>
    public static IReadOnlyList<string> All { get; } = [Agency, Reseller];

    public static string Name(PartnerType type) => type switch
    {
        PartnerType.Agency => Agency,
        PartnerType.Reseller => Reseller,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown partner type."),
    };

    /// <summary>The type a name stands for (exact, lowercase); false for any other text.</summary>
    public static bool TryParse(string? name, out PartnerType type)
    {
        switch (name)
        {
            case Agency: type = PartnerType.Agency; return true;
            case Reseller: type = PartnerType.Reseller; return true;
            default: type = default; return false;
        }
    }
}
