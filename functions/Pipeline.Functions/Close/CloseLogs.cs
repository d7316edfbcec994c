using Microsoft.Extensions.Logging;

namespace Pipeline.Functions.Close;

/// <summary>The close's log messages; each carries the quarter.</summary>
internal static partial class CloseLogs
{
    [LoggerMessage(2000, LogLevel.Information, "Close {Quarter}: started")]
    public static partial void Started(ILogger logger, string quarter);

    [LoggerMessage(2001, LogLevel.Information, "Close {Quarter}: already closed; nothing to do")]
    public static partial void AlreadyClosed(ILogger logger, string quarter);

    [LoggerMessage(2002, LogLevel.Information, "Close {Quarter}: froze {Files} lake file(s) for {Partners} partner(s) in {Batches} batch(es)")]
    public static partial void Frozen(ILogger logger, string quarter, int files, int partners, int batches);

    [LoggerMessage(2003, LogLevel.Information, "Close {Quarter}: batch {Batch} computed, {Partners} partner(s), total earned {Total}")]
    public static partial void BatchComputed(ILogger logger, string quarter, int batch, int partners, decimal total);

    [LoggerMessage(2004, LogLevel.Information, "Close {Quarter}: {Findings} anomaly finding(s), {Held} partner(s) held")]
    public static partial void AnomaliesFound(ILogger logger, string quarter, int findings, int held);

    [LoggerMessage(2005, LogLevel.Information, "Close {Quarter}: waiting for finance, {Held} partner(s) held")]
    public static partial void Waiting(ILogger logger, string quarter, int held);

    [LoggerMessage(2006, LogLevel.Information, "Close {Quarter}: decision {DecisionId} by {By}: {Action} for {Partner} ({Reason})")]
    public static partial void DecisionRecorded(ILogger logger, string quarter, string decisionId, string by, string action, string partner, string reason);

    [LoggerMessage(2007, LogLevel.Warning, "Close {Quarter}: ignored an invalid decision: {Problem}")]
    public static partial void DecisionRejected(ILogger logger, string quarter, string problem);

    [LoggerMessage(2008, LogLevel.Warning, "Close {Quarter}: {Kind} sent, still waiting for finance on {Partners} since {Since:o}")]
    public static partial void Notified(ILogger logger, string quarter, string kind, string partners, DateTime since);

    [LoggerMessage(2009, LogLevel.Information, "Close {Quarter}: {Files} statement file(s) written for batch {Batch}")]
    public static partial void StatementsWritten(ILogger logger, string quarter, int batch, int files);

    [LoggerMessage(2010, LogLevel.Information, "Close {Quarter}: closed, {Partners} partner(s), total earned {Total}")]
    public static partial void Closed(ILogger logger, string quarter, int partners, decimal total);

    [LoggerMessage(2011, LogLevel.Information, "Close {Quarter}: start requested, instance {InstanceId} (created: {Created})")]
    public static partial void StartRequested(ILogger logger, string quarter, string instanceId, bool created);

    [LoggerMessage(2012, LogLevel.Error, "Close {Quarter}: failed while {Step}: {Activity}: {Error}")]
    public static partial void Failed(ILogger logger, string quarter, string step, string activity, string error);

    [LoggerMessage(2013, LogLevel.Warning, "Close {Quarter}: {Count} drop(s) received before the close started are still being ingested after the wait; they count as corrections in the next close: {First}")]
    public static partial void DropsStillPending(ILogger logger, string quarter, int count, string first);
}
