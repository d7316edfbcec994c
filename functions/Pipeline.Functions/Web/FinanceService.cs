using Pipeline.Domain;
using Pipeline.Domain.Anomalies;
using Pipeline.Domain.Close;
using Pipeline.Domain.Statements;
using Pipeline.Functions.Close;
using Microsoft.DurableTask.Client;
using Pipeline.Azure;
using Pipeline.Close;
using Pipeline.Terms;
using Pipeline.Inquiries;
using Pipeline.Notifications;

namespace Pipeline.Functions.Web;

/// <summary>One quarter's close as the console lists it.</summary>
public sealed record QuarterClose(Quarter Quarter, OrchestrationMetadata? Status, ClosedQuarterEntry? Closed)
{
    public string CustomStatus => CloseClient.CustomStatus(Status) ?? "";
    public bool WaitingForFinance => CloseClient.Waiting(Status) is not null;

    /// <summary>The partners the close still waits on, as the orchestration itself reports them.</summary>
    public IReadOnlyList<string> Waiting() => CloseClient.Waiting(Status) ?? [];
}

/// <summary>The selected quarter in detail.</summary>
public sealed record FinanceQuarter(
    QuarterClose Close,
    IReadOnlyList<AnomalyFinding> Findings,
    IReadOnlyList<CloseDecision> Decisions,
    IReadOnlyList<WebFile> Summary,
    IReadOnlyList<WebFile> Statements);

public sealed record FinanceView(IReadOnlyList<QuarterClose> Quarters, FinanceQuarter? Selected)
{
    /// <summary>Finance's latest notifications (close waiting, reminders, escalations).</summary>
    public IReadOnlyList<NotificationRecord> Notifications { get; init; } = [];

    /// <summary>Unresolved inquiries, oldest activity first, each with its thread.</summary>
    public IReadOnlyList<(Domain.Inquiries.Inquiry Inquiry, IReadOnlyList<Domain.Inquiries.InquiryEntry> Thread, IReadOnlyList<string> Evidence)> Inquiries { get; init; } = [];

    /// <summary>Corrections above the program's limit that wait for a second finance user.</summary>
    public IReadOnlyList<Domain.Inquiries.InquiryCorrection> UnconfirmedCorrections { get; init; } = [];

    /// <summary>How long finance has to answer an inquiry (the program's target).</summary>
    public TimeSpan InquiryTarget { get; init; } = TimeSpan.FromDays(5);

    /// <summary>Partner notifications whose delivery gave up, with the reason.</summary>
    public IReadOnlyList<NotificationRecord> DeadLetters { get; init; } = [];
}

/// <summary>What the finance console shows: the recent quarters' closes and, for one, its anomalies, holds, decisions and files.</summary>
public sealed class FinanceService(
    ClosedQuarterLedger ledger, CloseBlobStore blobs, DecisionStore decisions, StorageAccount storage, NotificationOutbox outbox,
    InquiryStore inquiries, ProgramStore programs, WebClock clock)
{
    public const int RecentQuarters = 6;
    public const int ListedStatements = 60;

    public IReadOnlyList<Quarter> Recent() => clock.Recent(RecentQuarters);

    public const int ListedInquiries = 20;

    private async Task<IReadOnlyList<(Domain.Inquiries.Inquiry, IReadOnlyList<Domain.Inquiries.InquiryEntry>, IReadOnlyList<string>)>> InquiriesAsync(CancellationToken cancellationToken)
    {
        var open = (await inquiries.UnresolvedAsync(cancellationToken)).Take(ListedInquiries).ToList();
        var threads = await Task.WhenAll(open.Select(i => inquiries.ThreadAsync(i.PartnerId, i.Id, cancellationToken)));
        var evidence = await Task.WhenAll(open.Select(i => inquiries.EvidenceAsync(i.PartnerId, i.Id, cancellationToken)));
        return [.. open.Select((i, n) => (i, threads[n], (IReadOnlyList<string>)[.. evidence[n].Select(e => e[(e.LastIndexOf('/') + 1)..])]))];
    }

    public async Task<FinanceView> BuildAsync(CloseClient closes, Quarter? asked, CancellationToken cancellationToken)
    {
        var program = await programs.InForceAsync(clock.CurrentQuarter(), cancellationToken);
        var recent = Recent();
        var statuses = await Task.WhenAll(recent.Select(q => closes.StatusAsync(q, cancellationToken)));
        var closed = (await ledger.AllAsync(cancellationToken)).ToDictionary(e => e.Quarter, StringComparer.Ordinal);
        var quarters = recent.Select((q, i) => new QuarterClose(q, statuses[i], closed.GetValueOrDefault(q.ToString())))
            .Where(c => c.Status is not null || c.Closed is not null)
            .ToList();

        var selected = asked is { } a
            ? quarters.FirstOrDefault(c => c.Quarter == a) ?? new QuarterClose(a, await closes.StatusAsync(a, cancellationToken), closed.GetValueOrDefault(a.ToString()))
            : quarters.FirstOrDefault(c => c.WaitingForFinance) ?? quarters.FirstOrDefault();
        return new FinanceView(quarters, selected is null ? null : await DetailAsync(selected, cancellationToken))
        {
            Notifications = await outbox.RecentAsync(NotificationTypes.Finance, 10, cancellationToken),
            DeadLetters = [.. (await outbox.DeadLettersAsync(cancellationToken)).Take(20)],
            Inquiries = await InquiriesAsync(cancellationToken),
            UnconfirmedCorrections = [.. (await inquiries.CorrectionsAsync(cancellationToken)).Where(c => c.ConfirmedBy is null && program.Approvals.NeedsSecondApprover(c.Amount))],
            InquiryTarget = TimeSpan.FromDays(program.InquiryResponseDays),
        };
    }

    private async Task<FinanceQuarter> DetailAsync(QuarterClose close, CancellationToken cancellationToken)
    {
        var q = close.Quarter;
        // Before the anomaly step has run, the freeze's holds are what is known.
        var findings = await blobs.ReadAsync<List<AnomalyFinding>>(ClosePaths.Anomalies(q), cancellationToken)
                       ?? await blobs.ReadAsync<List<AnomalyFinding>>(ClosePaths.Holds(q), cancellationToken)
                       ?? [];
        var log = await decisions.ReadAsync(q, cancellationToken);
        var container = storage.Container(Names.Statements);
        var summary = new List<WebFile>();
        var statements = new List<WebFile>();
        await foreach (var item in container.GetBlobsAsync(new global::Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = $"{q}/" }, cancellationToken))
        {
            var file = new WebFile(Names.Statements, item.Name, item.Properties.ContentLength ?? 0, item.Properties.LastModified);
            if (item.Name == StatementPaths.FinanceSummaryPdf(q) || item.Name == StatementPaths.FinanceSummaryCsv(q)) summary.Add(file);
            else if (item.Name.EndsWith(".pdf", StringComparison.Ordinal) && statements.Count < ListedStatements) statements.Add(file);
        }

        return new FinanceQuarter(close, [.. findings.OrderBy(f => f.Severity).ThenBy(f => f.PartnerId, StringComparer.Ordinal)], log, summary, statements);
    }
}
