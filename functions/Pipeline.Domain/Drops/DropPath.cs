namespace Pipeline.Domain.Drops;

/// <summary>The kinds of data a partner drops.</summary>
public static class DropKinds
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
    public const int MaxPartnerIdLength = 64;

    public string BlobName => $"{PartnerId}/{Kind}/{FileName}";

    /// <summary>A partner id as it may appear in paths, table keys and API keys: 1-64 ASCII letters, digits, '-' or '_'.</summary>
    public static bool IsValidPartnerId(string? partnerId) =>
        !string.IsNullOrEmpty(partnerId)
        && partnerId.Length <= MaxPartnerIdLength
        && partnerId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

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
        if (!IsValidPartnerId(partner))
        {
            reason = $"the partner id '{partner}' must be 1-{MaxPartnerIdLength} letters, digits, '-' or '_'";
            return false;
        }

        if (!DropKinds.All.Contains(kind))
        {
            reason = $"unknown kind '{kind}': expected one of {string.Join(", ", DropKinds.All)}";
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
