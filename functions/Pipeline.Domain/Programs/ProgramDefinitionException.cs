namespace Pipeline.Domain.Programs;

/// <summary>One problem in a program file, at a JSON path like <c>plans[1].bands[2].rate</c> ("$" for the whole file).</summary>
public sealed record ProgramError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>
/// A program file that cannot be used. Lists every problem found, not just the first, so finance fixes a
/// file in one pass.
/// </summary>
public sealed class ProgramDefinitionException : Exception
{
    public ProgramDefinitionException(IReadOnlyList<ProgramError> errors)
        : base(Describe(errors)) => Errors = errors;

    public ProgramDefinitionException() : this([]) { }

    public ProgramDefinitionException(string message) : base(message) => Errors = [new ProgramError("$", message)];

    public ProgramDefinitionException(string message, Exception innerException) : base(message, innerException) =>
        Errors = [new ProgramError("$", message)];

    public IReadOnlyList<ProgramError> Errors { get; }

    private static string Describe(IReadOnlyList<ProgramError> errors) =>
        errors.Count == 0
            ? "The program definition is invalid."
            : $"The program definition has {errors.Count} problem(s):{Environment.NewLine}"
              + string.Join(Environment.NewLine, errors.Select(e => "  " + e));
}
