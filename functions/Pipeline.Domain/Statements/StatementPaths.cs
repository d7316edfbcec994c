namespace Pipeline.Domain.Statements;

/// <summary>
/// Blob names of statements in the <see cref="Container"/> container: one folder per quarter, one per
/// partner inside it. Storage writes them; everything that links to a statement builds the name here.
/// </summary>
public static class StatementPaths
{
    public const string Container = "statements";

    public static string StatementPdf(Quarter quarter, string partnerId) => $"{PartnerFolder(quarter, partnerId)}/statement.pdf";

    public static string LinesCsv(Quarter quarter, string partnerId) => $"{PartnerFolder(quarter, partnerId)}/lines.csv";

    public static string FinanceSummaryPdf(Quarter quarter) => $"{quarter}/finance-summary.pdf";

    public static string FinanceSummaryCsv(Quarter quarter) => $"{quarter}/finance-summary.csv";

    // A partner id becomes a path segment: a slash or a dot-segment would put one partner's statement in
    // another's folder, so such ids are refused rather than escaped.
    private static string PartnerFolder(Quarter quarter, string partnerId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(partnerId);
        if (partnerId.Contains('/') || partnerId.Contains('\\') || partnerId is "." or "..")
            throw new ArgumentException($"Partner id '{partnerId}' cannot be a blob path segment.", nameof(partnerId));
        return $"{quarter}/{partnerId}";
    }
}
