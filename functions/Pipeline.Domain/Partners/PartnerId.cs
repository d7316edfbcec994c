namespace Pipeline.Domain.Partners;

/// <summary>The one rule for a partner id, wherever one arrives (registry, drop path, API key, file link): 1-64 ASCII
/// letters, digits, '-' or '_', so it is safe in blob paths, table keys and keys without escaping.</summary>
public static class PartnerId
{
    public const int MaxLength = 64;

    public static bool IsValid(string? id) =>
        !string.IsNullOrEmpty(id)
        && id.Length <= MaxLength
        && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>What a valid id looks like, for error messages.</summary>
    public static string Rule => $"1-{MaxLength} letters, digits, '-' or '_'";
}
