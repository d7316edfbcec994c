using System.Globalization;
using Pipeline.Domain.Partners;

namespace Pipeline.Domain.Drops;

/// <summary>
/// The blob a partner may upload to when it asks for an upload link: always a new name,
/// <c>{partnerId}/{kind}/{yyyyMMddTHHmmssZ}-{token}-{fileName}</c>, so a link can never point at an existing drop.
/// The file name is partner text that ends up in a blob path, a table key and a URL: it is checked here, and
/// the resulting path must also pass <see cref="DropPath.TryParse"/>, which the receiving side applies.
/// </summary>
public static class DropUpload
{
    /// <summary>Longest file name a partner may ask for: whatever fits in <see cref="DropPath.MaxFileNameLength"/>
    /// once the timestamp and token are put in front of it.</summary>
    public const int MaxFileNameLength = DropPath.MaxFileNameLength - StampLength - TokenLength - 2;

    /// <summary>Length of the random token that keeps two uploads of one file in one second apart.</summary>
    public const int TokenLength = 8;

    private const int StampLength = 16; // yyyyMMddTHHmmssZ

    /// <summary>Builds the path for an upload, or says in <paramref name="reason"/> why the request is refused.
    /// <paramref name="token"/> is random text from the caller (the domain does no I/O and draws no randomness).</summary>
    public static bool TryCreate(string partnerId, string? kind, string? fileName, DateTimeOffset now, string token, out DropPath? path, out string reason)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.Length != TokenLength || !token.All(char.IsAsciiLetterOrDigit))
            throw new ArgumentException($"The token must be {TokenLength} ASCII letters or digits.", nameof(token));

        path = null;
        reason = CheckKind(kind) ?? CheckFileName(fileName) ?? "";
        if (reason.Length > 0) return false;
        if (!PartnerId.IsValid(partnerId))
        {
            reason = $"the partner id '{partnerId}' must be {PartnerId.Rule}";
            return false;
        }

        var stamp = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var blobName = $"{partnerId}/{kind}/{stamp}-{token}-{fileName}";
        // The receiving side's rules are the last word: a name it would reject is never handed out.
        return DropPath.TryParse(blobName, out path, out reason);
    }

    private static string? CheckKind(string? kind) =>
        string.IsNullOrEmpty(kind) ? $"kind is required: one of {string.Join(", ", DropFolders.All)}"
        : !DropFolders.All.Contains(kind) ? $"unknown kind '{Printable(kind)}': expected one of {string.Join(", ", DropFolders.All)}"
        : null;

    private static string? CheckFileName(string? fileName)
    {
        if (string.IsNullOrEmpty(fileName)) return "fileName is required";
        if (fileName.Any(char.IsControl)) return "the file name contains control characters";
        // Invisible formatting (e.g. U+202E right-to-left override) makes a name read as something else.
        if (fileName.Any(c => char.GetUnicodeCategory(c) == UnicodeCategory.Format)) return "the file name contains invisible formatting characters";
        if (fileName.Contains('/') || fileName.Contains('\\')) return "the file name must not contain '/' or '\\'";
        if (fileName.Contains("..", StringComparison.Ordinal)) return "the file name must not contain '..'";
        if (fileName.Length > MaxFileNameLength) return $"the file name is {fileName.Length} characters long; at most {MaxFileNameLength} are allowed";
        if (char.IsWhiteSpace(fileName[0]) || char.IsWhiteSpace(fileName[^1]) || fileName[^1] == '.')
            return "the file name must not start or end with a space, nor end with '.'";
        return null;
    }

    // Echo partner text in a reason without letting it inject lines or run on.
    private static string Printable(string text)
    {
        var cleaned = new string([.. text.Take(40).Select(c => char.IsControl(c) ? '?' : c)]);
        return text.Length > 40 ? cleaned + "..." : cleaned;
    }
}
