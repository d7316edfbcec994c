namespace Pipeline.Access;

/// <summary>Who an API key speaks for. The kind is written into the key's text (<see cref="ApiKeyFormat"/>), so a key
/// is looked up in its own partition without scanning.</summary>
public enum ApiKeyKind
{
    /// <summary>A partner: may upload drops and read its own statements and feedback, nothing else.</summary>
    Partner,

    /// <summary>Someone in finance, with one of the <see cref="ApiKeyRoles.Finance">finance roles</see>.</summary>
    Finance,
}

/// <summary>What a key may do. Partner keys carry <see cref="Partner"/>; finance keys <see cref="Reader"/> or
/// <see cref="Approver"/>, which includes everything a reader may do.</summary>
public static class ApiKeyRoles
{
    public const string Partner = "partner";

    /// <summary>Finance reads: the drop ledger, close status.</summary>
    public const string Reader = "reader";

    /// <summary>Finance acts: starts closes, decides held payouts; and reads.</summary>
    public const string Approver = "approver";

    public static IReadOnlyList<string> Finance { get; } = [Reader, Approver];

    /// <summary>Whether a key with <paramref name="role"/> may do what <paramref name="required"/> allows.</summary>
    public static bool Satisfies(string role, string required) =>
        role == required || (role == Approver && required == Reader);
}
