using System.Globalization;

namespace Pipeline.Domain.Inquiries;

/// <summary>What an inquiry is about: a line of a statement, a deal, a rejected row of a drop, or a hold.</summary>
public static class InquirySubjects
{
    public const string StatementLine = "statement-line";
    public const string Deal = "deal";
    public const string RejectedRow = "rejected-row";
    public const string Hold = "hold";

    public static bool IsKnown(string kind) => kind is StatementLine or Deal or RejectedRow or Hold;
}

/// <summary>The thing disputed: its kind, its reference (a rule id or line label, a deal id, "dropId:line"), and
/// the quarter it belongs to when it has one (a statement line's, a held deal's).</summary>
public sealed record InquirySubject(string Kind, string Reference, Quarter? Quarter)
{
    public const int MaxReference = 200;

    public string Describe() => $"{Kind} {Reference}{(Quarter is { } q ? $" ({q})" : "")}";

    /// <summary>Null when valid, else why not.</summary>
    public string? Problem()
    {
        if (!InquirySubjects.IsKnown(Kind)) return $"subject.kind must be {InquirySubjects.StatementLine}, {InquirySubjects.Deal}, {InquirySubjects.RejectedRow} or {InquirySubjects.Hold}";
        if (string.IsNullOrWhiteSpace(Reference) || Reference.Length > MaxReference || Reference.Any(char.IsControl))
            return $"subject.reference must be 1 to {MaxReference} characters without control characters";
        if (Kind is InquirySubjects.StatementLine or InquirySubjects.Hold && Quarter is null) return $"subject.quarter is required for a {Kind}";
        return null;
    }
}

/// <summary>How finance closes an inquiry.</summary>
public static class InquiryResolutions
{
    /// <summary>An answer: the number stands, and why.</summary>
    public const string Explained = "explained";
    /// <summary>An adjustment (amount and reason), paid by the next close as a prior-period adjustment naming the inquiry.</summary>
    public const string Corrected = "corrected";
    /// <summary>Refused, with the reason.</summary>
    public const string Declined = "declined";

    public static bool IsKnown(string resolution) => resolution is Explained or Corrected or Declined;
}

public static class InquiryStatuses
{
    /// <summary>Waiting for finance (new, or the partner wrote last).</summary>
    public const string Open = "open";
    /// <summary>Finance answered; waiting for the partner or for the resolution.</summary>
    public const string Answered = "answered";
    public const string Resolved = "resolved";
}

/// <summary>One message of an inquiry's thread. Nothing is edited in place: every step is a new entry.</summary>
public sealed record InquiryEntry(int Sequence, string Kind, string By, string Role, DateTimeOffset At, string Text);

/// <summary>A correction a resolved inquiry decided: paid once, by the first close that freezes it after it is
/// approved (and confirmed by a second finance user when it is above the program's limit).</summary>
public sealed record InquiryCorrection(string InquiryId, string PartnerId, decimal Amount, string Reason, string By, DateTimeOffset At, Quarter? Quarter, string? ConfirmedBy = null)
{
    /// <summary>The line's reason on the statement.</summary>
    public string LineReason() => string.Create(CultureInfo.InvariantCulture, $"inquiry {InquiryId} resolved as corrected by {By}: {Reason}");
}

/// <summary>An inquiry as stored: who raised it about what, where it stands, who works it, and its correction if any.</summary>
public sealed record Inquiry(
    string Id, string PartnerId, InquirySubject Subject, DateTimeOffset OpenedAt, string Status, string? AssignedTo, string? Resolution,
    DateTimeOffset LastActivityAt, InquiryCorrection? Correction)
{
    public const int MaxMessage = 4_000;

    /// <summary>Null when valid, else why not.</summary>
    public static string? MessageProblem(string? message) =>
        string.IsNullOrWhiteSpace(message) || message.Length > MaxMessage
            ? $"message must be 1 to {MaxMessage:N0} characters"
            : message.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t') ? "message must not contain control characters" : null;

    /// <summary>How long it has waited for finance at <paramref name="now"/> against the target response time.</summary>
    public bool Overdue(DateTimeOffset now, TimeSpan target) => Status == InquiryStatuses.Open && now - LastActivityAt > target;
}

/// <summary>An inquiry as a close freezes it for its statements and summary.</summary>
public sealed record InquiryDigest(
    string Id, string PartnerId, string Subject, string Status, string? Resolution, DateTimeOffset OpenedAt, DateTimeOffset LastActivityAt, decimal? Correction)
{
    public static InquiryDigest From(Inquiry i)
    {
        ArgumentNullException.ThrowIfNull(i);
        return new(i.Id, i.PartnerId, i.Subject.Describe(), i.Status, i.Resolution, i.OpenedAt, i.LastActivityAt, i.Correction?.Amount);
    }

    /// <summary>Whether a close of <paramref name="quarter"/> reports it: still unresolved, or resolved since the quarter began.</summary>
    public bool ReportedIn(Quarter quarter) => Status != InquiryStatuses.Resolved || DateOnly.FromDateTime(LastActivityAt.UtcDateTime) >= quarter.Start;

    /// <summary>The statement's line for it.</summary>
    public string Line() => string.Create(CultureInfo.InvariantCulture,
        $"{Id} on {Subject}, opened {OpenedAt.UtcDateTime:yyyy-MM-dd}: ") + Status switch
        {
            InquiryStatuses.Resolved when Correction is { } c => string.Create(CultureInfo.InvariantCulture, $"resolved as corrected, {c:#,##0.00} USD paid as a prior-period adjustment"),
            InquiryStatuses.Resolved => $"resolved as {Resolution}",
            InquiryStatuses.Answered => "answered by finance",
            _ => "open, waiting for finance",
        };

    /// <summary>Finance's summary: counts, then one line per inquiry with its partner.</summary>
    public static IReadOnlyList<string> SummaryLines(IReadOnlyList<InquiryDigest> inquiries)
    {
        ArgumentNullException.ThrowIfNull(inquiries);
        if (inquiries.Count == 0) return [];
        var resolved = inquiries.Where(i => i.Status == InquiryStatuses.Resolved).ToList();
        var corrected = resolved.Where(i => i.Correction is not null).ToList();
        var head = string.Create(CultureInfo.InvariantCulture,
            $"{inquiries.Count} inquiries: {resolved.Count} resolved ({corrected.Count} corrected, {corrected.Sum(i => i.Correction!.Value):#,##0.00} USD), {inquiries.Count - resolved.Count} still open");
        return [head, .. inquiries.OrderBy(i => i.PartnerId, StringComparer.Ordinal).ThenBy(i => i.Id, StringComparer.Ordinal).Select(i => $"{i.PartnerId}: {i.Line()}")];
    }
}
