using Pipeline.Domain.Reference;

namespace Pipeline.Domain.Ingest;

/// <summary>
/// Where a drop was put, parsed from its blob name in the drops container: <c>{partnerId}/{kind}/{fileName}</c>
/// (a leading <c>drops/</c> is accepted too). A partner the registry does not know, or a kind other than
/// deals/metrics, rejects the drop.
/// </summary>
public sealed record DropAddress(string PartnerId, DropKind Kind, string FileName)
{
    public static (DropAddress? Address, DropRejection? Rejection) Parse(string blobName, PartnerRegistry partners)
    {
        ArgumentNullException.ThrowIfNull(blobName);
        var path = blobName.StartsWith("drops/", StringComparison.Ordinal) ? blobName["drops/".Length..] : blobName;
        var parts = path.Split('/');
        if (parts.Length != 3 || parts.Any(string.IsNullOrWhiteSpace))
        {
            return (null, new DropRejection(DropRejection.Codes.UnknownKind,
                $"The file '{DisplayValue.Truncate(blobName)}' is not in a folder of the form {{partnerId}}/deals/ or {{partnerId}}/metrics/, so it cannot be processed."));
        }
        var (partnerId, kindText, fileName) = (parts[0], parts[1], parts[2]);
        if (partners.Find(partnerId) is null)
        {
            return (null, new DropRejection(DropRejection.Codes.UnknownPartner,
                $"The partner id '{DisplayValue.Truncate(partnerId)}' is not in the partner registry; check the folder name or ask finance to register the partner."));
        }
        if (!DropKinds.TryParse(kindText, out var kind))
        {
            return (null, new DropRejection(DropRejection.Codes.UnknownKind,
                $"The folder '{DisplayValue.Truncate(kindText)}' is not a kind of drop; put deals in {partnerId}/deals/ and metrics in {partnerId}/metrics/."));
        }
        return (new DropAddress(partnerId, kind, fileName), null);
    }
}
