using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Pipeline.Domain;
using Pipeline.Domain.Partners;
using Pipeline.Domain.Payouts;
using Pipeline.Domain.Programs;
using Pipeline.Domain.Projections;
using Pipeline.Functions.Close;
using Pipeline.Access;
using Pipeline.Azure;
using Pipeline.Close;
using Pipeline.Ingest;
using Pipeline.Inquiries;
using Pipeline.Notifications;

namespace Pipeline.Functions.Web;

/// <summary>A stored file shown on a page (linked through the app, which signs a fresh read link on each click).</summary>
public sealed record WebFile(string Container, string Name, long Size, DateTimeOffset? LastModified);

/// <summary>Everything the scorecard shows for one partner and quarter.</summary>
public sealed record ScorecardData(
    Partner Partner,
    Quarter Quarter,
    IReadOnlyList<Quarter> Quarters,
    PayoutResult Projection,
    TierGuidance Guidance,
    ClosedQuarterEntry? Closed,
    IReadOnlyList<AuditRecord> Drops,
    IReadOnlySet<string> FeedbackNames,
    IReadOnlyList<WebFile> Statements,
    ScorecardTerms? Terms = null,
    IReadOnlyList<NotificationRecord>? Notifications = null,
    IReadOnlyList<Domain.Inquiries.Inquiry>? Inquiries = null)
{
    /// <summary>Changes exactly when something shown changes: the poller's ETag.</summary>
    public string Version { get; init; } = "";
}

/// <summary>The terms the quarter is computed under: the program version in force, the cut-off (the last day drops
/// count for the quarter) and what changed since the previous closed quarter.</summary>
public sealed record ScorecardTerms(string ProgramId, string ProgramVersion, DateOnly LastDropDay, IReadOnlyList<string> Changes);

/// <summary>
/// Builds a partner's scorecard: the calculator run on the quarter-to-date lake (<see cref="QuarterProjection"/>, the
/// same code the close runs), the next-tier guidance, recent drops from the audit ledger and the partner's files.
/// </summary>
public sealed class ScorecardService(
    QuarterProjection projection,
    ReferenceDataStore reference,
    Pipeline.Terms.ProgramStore programs,
    ClosedQuarterLedger ledger,
    CloseInputs closeInputs,
    NotificationOutbox outbox,
    InquiryStore inquiries,
    AuditLedger audit,
    PartnerFiles files,
    WebClock clock,
    ILogger<ScorecardService> logger)
{
    public const int RecentDrops = 10;
    public const int RecentNotifications = 10;
    public const int SelectableQuarters = 5;

    public Quarter CurrentQuarter() => clock.CurrentQuarter();

    /// <summary>The current quarter and the four before it, newest first: what the quarter selector offers.</summary>
    public IReadOnlyList<Quarter> Selectable() => clock.Recent(SelectableQuarters);

    /// <summary>Scorecards built, by partner and quarter, with the state they were built from.</summary>
    private readonly ConcurrentDictionary<(string Partner, Quarter Quarter), (string State, ScorecardData Data)> _built = new();

    /// <summary>At most this many scorecards are kept (a few MB); past it the cache starts over.</summary>
    private const int MaxKept = 2_000;

    /// <summary>
    /// Null when the partner is not in the registry. A scorecard is built again only when what it is built from
    /// changed: the partner's audit chain (every drop appends to it), the closed quarters, the reference data, the
    /// program versions, or the current quarter. Reading that state costs five small requests however many drops the partner sent; the page
    /// polls every few seconds, and a poll with nothing new costs no lake read and no calculation.
    /// </summary>
    public async Task<ScorecardData?> BuildAsync(string partnerId, Quarter quarter, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var referenceTask = reference.LoadVersionedAsync(cancellationToken);
        var headTask = audit.HeadAsync(partnerId, cancellationToken);
        var closedQuartersTask = ledger.AllAsync(cancellationToken);
        var programsTask = programs.SignatureAsync(cancellationToken);
        // The latest notifications' ids (one small query): a new one rebuilds the scorecard; a delivery retried
        // meanwhile shows at its next rebuild.
        var notificationsTask = outbox.RecentIdsAsync(partnerId, RecentNotifications, cancellationToken);
        var inquiriesTask = inquiries.ListAsync(partnerId, cancellationToken);
        await Task.WhenAll(referenceTask, headTask, closedQuartersTask, programsTask, notificationsTask, inquiriesTask);
        var notificationIds = await notificationsTask;
        var partnerInquiries = await inquiriesTask;
        var (referenceData, referenceSignature) = await referenceTask;
        var partner = referenceData.Partners.Find(partnerId);
        if (partner is null) return null;

        var state = string.Join('\n', quarter, clock.CurrentQuarter(), await headTask, referenceSignature, await programsTask,
            string.Join(';', notificationIds),
            string.Join(';', partnerInquiries.Select(i => $"{i.Id}:{i.Status}:{i.LastActivityAt.UtcTicks}")),
            string.Join(';', (await closedQuartersTask).Select(e => $"{e.Quarter}:{e.Partners}:{e.TotalEarned}:{e.ManifestHash}")));
        if (_built.TryGetValue((partnerId, quarter), out var kept) && kept.State == state) return kept.Data;

        var program = await programs.InForceAsync(quarter, cancellationToken);
        var projected = projection.ComputeAsync(quarter, program, partnerId, cancellationToken);
        var closed = ledger.FindAsync(quarter, cancellationToken);
        var notifications = await outbox.RecentAsync(partnerId, RecentNotifications, cancellationToken);
        var drops = audit.ReadAsync(partnerId, cancellationToken);
        var feedback = files.FeedbackAsync(partnerId, cancellationToken);
        var statements = files.StatementsAsync(partnerId, cancellationToken);
        await Task.WhenAll(projected, closed, drops, feedback, statements);

        var result = (await projected).Single().Result;
        var previousQuarter = (await closeInputs.ClosedBeforeAsync(quarter, cancellationToken)).Cast<Quarter?>().LastOrDefault();
        var previous = previousQuarter is { } pq ? await closeInputs.ManifestAsync(pq, cancellationToken) : null;
        var terms = new ScorecardTerms(program.Id, program.Version, program.CutOff(quarter).AddDays(-1),
            previous is null ? [] : Domain.Statements.TermsChanges.For(previousQuarter!.Value, previous.ProgramTerms(), previous.Registry().Find(partnerId), program, partner));
        var data = new ScorecardData(
            partner,
            quarter,
            Selectable(),
            result,
            NextTierGuidance.For(program.PlanFor(partner.Type), partner, result),
            await closed,
            [.. (await drops).OrderByDescending(d => d.ReceivedAt).ThenByDescending(d => d.Sequence).Take(RecentDrops)],
            (await feedback).Select(f => f.Name).ToHashSet(StringComparer.Ordinal),
            [.. (await statements).OrderByDescending(f => f.Name, StringComparer.Ordinal).Select(f => new WebFile(f.Container, f.Name, f.Size, f.LastModified))],
            terms,
            notifications,
            partnerInquiries);
        WebLogs.ScorecardBuilt(logger, partnerId, quarter.ToString(), watch.ElapsedMilliseconds);
        data = data with { Version = VersionOf(data) };
        if (_built.Count >= MaxKept) _built.Clear();
        _built[(partnerId, quarter)] = (state, data);
        return data;
    }

    private static string VersionOf(ScorecardData data)
    {
        var shape = new
        {
            q = data.Quarter.ToString(),
            data.Projection.TotalEarned,
            data.Projection.Tier,
            lines = data.Projection.Lines.Select(l => new { l.RuleId, l.Basis, l.Rate, l.Amount }),
            scorecard = data.Projection.Scorecard.Select(s => new { s.Name, s.Value }),
            closed = data.Closed?.TotalEarned,
            drops = data.Drops.Select(d => new { d.DropId, d.Outcome, d.RowsAccepted, d.RowsRejected }),
            feedback = data.FeedbackNames.Order(StringComparer.Ordinal),
            statements = data.Statements.Select(s => s.Name),
            terms = data.Terms,
            notifications = data.Notifications?.Select(n => new { n.Event.Id, n.Status, n.Attempts }),
            inquiries = data.Inquiries?.Select(i => new { i.Id, i.Status, i.LastActivityAt }),
        };
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(shape)));
        return Convert.ToHexStringLower(bytes.AsSpan(0, 8));
    }
}
