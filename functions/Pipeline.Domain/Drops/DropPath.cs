namespace Pipeline.Domain.Drops;

/// <summary>The folders a partner drops into, one per kind of data (<c>{partnerId}/deals/</c>, <c>{partnerId}/metrics/</c>).</summary>
public static class DropFolders
{
    public const string Deals = "deals";
    public const string Metrics = "metrics";
    public static IReadOnlyList<string> All { get; } = [Deals, Metrics];
}

/// <summary>
/// A blob name inside the drops container, checked against <c>{partnerId}/{kind}/{fileName}</c>.
/// Everything a partner controls in the name is validated here, before it reaches a table key or a path.
/// </summary>
public sealed record DropPath(string PartnerId, string Kind, string FileName)
{
    public const int MaxFileNameLength = 200;

    public string BlobName => $"{PartnerId}/{Kind}/{FileName}";

    /// <summary>Parses a blob name; on failure <paramref name="reason"/> says what is wrong in words a partner understands.</summary>
    public static bool TryParse(string blobName, out DropPath? path, out string reason)
    {
        path = null;
        if (string.IsNullOrEmpty(blobName))
        {
            reason = "the blob name is empty";
            return false;
        }

        if (blobName.Any(char.IsControl))
        {
            reason = "the blob name contains control characters";
            return false;
        }

        var segments = blobName.Split('/');
        if (segments.Any(s => s is "." or ".."))
        {
            reason = "the blob name contains '.' or '..' path segments";
            return false;
        }

        if (segments.Length != 3 || segments.Any(s => s.Length == 0))
        {
            reason = $"the path '{blobName}' does not match {{partnerId}}/{{kind}}/{{fileName}}";
            return false;
        }

        var (partner, kind, file) = (segments[0], segments[1], segments[2]);
        if (!Partners.PartnerId.IsValid(partner))
        {
            reason = $"the partner id '{partner}' must be 1-{Partners.PartnerId.MaxLength} letters, digits, '-' or '_'";
            return false;
        }

        if (!DropFolders.All.Contains(kind))
        {
            reason = $"unknown kind '{kind}': expected one of {string.Join(", ", DropFolders.All)}";
            return false;
        }

        if (file.Length > MaxFileNameLength || file.Trim().Length == 0 || file.Any(c => c is '\\' or '\u007f'))
        {
            reason = $"the file name must be 1-{MaxFileNameLength} characters without backslashes";
            return false;
        }

        path = new DropPath(partner, kind, file);
        reason = "";
        return true;
    }
}
