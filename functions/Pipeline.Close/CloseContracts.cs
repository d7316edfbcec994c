using Pipeline.Domain.Close;
using Pipeline.Domain.Payouts;

namespace Pipeline.Close;

/// <summary>The close's input. The reminder and escalation delays are 3 and 7 days (docs/program.md, "Holds and decisions") unless a test shortens them.</summary>
/// <param name="DropWait">How long the close waits for drops received before it started to finish ingesting (then it
/// goes on, and such a drop counts as a correction in the next close).</param>
/// <param name="DropPoll">How often it looks again meanwhile.</param>
public sealed record CloseRequest(
    string Quarter, TimeSpan? ReminderAfter = null, TimeSpan? EscalationAfter = null, TimeSpan? DropWait = null, TimeSpan? DropPoll = null)
{
    public static readonly TimeSpan DefaultReminder = TimeSpan.FromDays(3);
    public static readonly TimeSpan DefaultEscalation = TimeSpan.FromDays(7);
    public static readonly TimeSpan DefaultDropWait = TimeSpan.FromHours(2);
    public static readonly TimeSpan DefaultDropPoll = TimeSpan.FromSeconds(30);
}

/// <summary>Drops received before the close started that are still being ingested (the first few by name).</summary>
public sealed record PendingDrops(int Count, IReadOnlyList<string> First);

public sealed record PendingDropsRequest(string Quarter, DateTime ReceivedBefore);

/// <summary>What freezing found: the batches of partners to compute, or that the quarter is closed already.</summary>
public sealed record FreezeResult(
    string Quarter, bool AlreadyClosed, int Partners, IReadOnlyList<IReadOnlyList<string>> Batches, IReadOnlyList<string> HeldPartners,
    Domain.Programs.ApprovalRules? Approvals = null);

public sealed record BatchRequest(string Quarter, int Index, IReadOnlyList<string> PartnerIds, IReadOnlyList<CloseDecision> Decisions);

public sealed record BatchSummary(int Index, int Partners, decimal TotalEarned);

/// <summary>One partner's computed close as a batch file keeps it.</summary>
public sealed record PartnerOutcome(PayoutResult Result, ClosedPartnerQuarter Record, IReadOnlyDictionary<string, string> PriorPeriodReasons, int MetricRows);

public sealed record BatchResults(string Quarter, int Index, IReadOnlyList<PartnerOutcome> Partners);

public sealed record AnomalySummary(int Findings, IReadOnlyList<string> HeldPartners);

public sealed record DecisionRequest(string Quarter, CloseDecision Decision);

public sealed record NotificationRequest(string Quarter, string Kind, IReadOnlyList<string> WaitingFor, DateTime WaitingSince);

public sealed record OutputRequest(string Quarter, int Batches, IReadOnlyList<CloseDecision> Decisions);

/// <summary>What a completed close returns.</summary>
public sealed record CloseOutcome(string Quarter, bool AlreadyClosed, int Partners, decimal TotalEarned, int Decisions);
