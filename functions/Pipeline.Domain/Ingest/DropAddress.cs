using Pipeline.Domain.Drops;
using Pipeline.Domain.Partners;

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
        // The shape and the characters are DropPath's rules; this adds the registry.
        if (!DropPath.TryParse(path, out var parsed, out var reason))
        {
            var segments = path.Split('/');
            var unknownKind = segments.Length == 3 && !DropKindExtensions.TryParse(segments[1], out _);
            return (null, new DropRejection(DropRejection.Codes.UnknownKind, unknownKind
                ? $"The folder '{DisplayValue.Truncate(segments[1])}' is not a kind of drop; put deals in {DisplayValue.Truncate(segments[0])}/deals/ and metrics in {DisplayValue.Truncate(segments[0])}/metrics/."
                : $"The file cannot be processed: {DisplayValue.Truncate(reason)}. Put files in {{partnerId}}/deals/ or {{partnerId}}/metrics/."));
        }
        if (partners.Find(parsed!.PartnerId) is null)
        {
            return (null, new DropRejection(DropRejection.Codes.UnknownPartner,
                $"The partner id '{parsed.PartnerId}' is not in the partner registry; check the folder name or ask finance to register the partner."));
        }
        var kind = parsed.Kind == DropFolders.Deals ? DropKind.Deals : DropKind.Metrics;   // DropPath accepts only these two
        return (new DropAddress(parsed.PartnerId, kind, parsed.FileName), null);
    }
}
