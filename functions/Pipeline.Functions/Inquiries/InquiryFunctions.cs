using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Pipeline.Domain;
using Pipeline.Domain.Inquiries;
using Pipeline.Functions.Access;
using Pipeline.Functions.Hosting;
using Pipeline.Functions.Notifications;
using Pipeline.Access;
using Pipeline.Inquiries;
using Pipeline.Notifications;
using Pipeline.Terms;

namespace Pipeline.Functions.Inquiries;

/// <summary>What inquiries tell whom: finance when one is opened or the partner writes again, the partner when finance
/// answers or resolves it.</summary>
public static class InquiryEvents
{
    public const string Opened = "inquiry.opened";
    public const string Answered = "inquiry.answered";
    public const string Resolved = "inquiry.resolved";

    public static NotificationEvent For(string type, Inquiry inquiry, string text, DateTimeOffset at, string partition) => new(
        $"{type}:{inquiry.Id}:{at.UtcTicks}", type, partition, at,
        type == Resolved
            ? $"Inquiry {inquiry.Id} on {inquiry.Subject.Describe()} is resolved as {inquiry.Resolution}{(inquiry.Correction is { } c ? string.Create(CultureInfo.InvariantCulture, $" ({c.Amount:#,##0.00} USD, paid by the next close)") : "")}"
            : type == Answered ? $"Finance answered inquiry {inquiry.Id} on {inquiry.Subject.Describe()}"
            : $"{inquiry.PartnerId} wrote on inquiry {inquiry.Id} about {inquiry.Subject.Describe()}",
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["inquiryId"] = inquiry.Id,
            ["partnerId"] = inquiry.PartnerId,
            ["subject"] = inquiry.Subject.Describe(),
            ["status"] = inquiry.Status,
            ["text"] = text.Length > 500 ? text[..500] : text,
        });
}

internal static class InquiryJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static object View(Inquiry i, IReadOnlyList<InquiryEntry>? thread = null, IReadOnlyList<string>? evidence = null, TimeSpan? target = null, DateTimeOffset? now = null) => new
    {
        id = i.Id,
        partnerId = i.PartnerId,
        subject = new { kind = i.Subject.Kind, reference = i.Subject.Reference, quarter = i.Subject.Quarter?.ToString() },
        status = i.Status,
        resolution = i.Resolution,
        assignedTo = i.AssignedTo,
        openedAt = i.OpenedAt,
        lastActivityAt = i.LastActivityAt,
        overdue = target is { } t && now is { } n && i.Overdue(n, t),
        correction = i.Correction is { } c ? new { amount = c.Amount, reason = c.Reason, by = c.By, confirmedBy = c.ConfirmedBy } : null,
        thread = thread?.Select(e => new { kind = e.Kind, by = e.By, role = e.Role, at = e.At, text = e.Text }),
        evidence = evidence?.Select(e => e[(e.LastIndexOf('/') + 1)..]),
    };

    public static HttpTriggerResponse Refusal(Exception e) => e switch
    {
        ArgumentException a => HttpResponses.Error(400, a.Message.Split(" (Parameter")[0]),
        KeyNotFoundException k => HttpResponses.Error(404, k.Message),
        InquiryConflictException c => HttpResponses.Error(409, c.Message),
        EvidenceRefusedException r => HttpResponses.Error(r.Status, r.Message),
        _ => throw e,
    };

    public static bool TryBody(string? body, out JsonElement root)
    {
        root = default;
        try
        {
            using var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(body) ? "{}" : body, new JsonDocumentOptions { AllowDuplicateProperties = false });
            root = doc.RootElement.Clone();
            return root.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}

/// <summary>httpTrigger <c>GET|POST api/partners/{id}/inquiries</c> (that partner's key): its inquiries, or a new one:
/// <c>{"subject": {"kind": "statement-line", "reference": "band", "quarter": "2026Q2"}, "message": "..."}</c>.</summary>
public sealed class PartnerInquiriesFunction(AccessControl access, InquiryStore inquiries, InquiryDesk desk)
{
    public const string Name = "PartnerInquiries";

    [Function(Name)]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "api/partners/{id}/inquiries")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        HttpTrigger.RunAsync(request, HandleAsync, cancellationToken, ("id", id));

    public async Task<HttpTriggerResponse> HandleAsync(HttpTriggerRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var decision = await access.PartnerAsync(request, Name, request.Param("id"), cancellationToken);
        if (!decision.Allowed) return decision.Refusal!;
        var partner = decision.Key!.Subject;
        if (request.Method.Equals("GET", StringComparison.OrdinalIgnoreCase))
            return HttpResponses.Json(200, (await inquiries.ListAsync(partner, cancellationToken)).Select(i => InquiryJson.View(i)));

        if (!InquiryJson.TryBody(request.Body, out var body) || !body.TryGetProperty("subject", out var s) || s.ValueKind != JsonValueKind.Object)
            return HttpResponses.Error(400, "The body must be JSON: {\"subject\": {\"kind\": ..., \"reference\": ..., \"quarter\": ...}, \"message\": ...}.");
        var quarterText = InquiryJson.Text(s, "quarter");
        Quarter? quarter = null;
        if (quarterText is not null)
        {
            if (!Quarter.TryParse(quarterText, out var q)) return HttpResponses.Error(400, $"subject.quarter '{quarterText}' is not a quarter (2026Q2).");
            quarter = q;
        }

        try
        {
            var opened = await desk.OpenAsync(partner, new InquirySubject(InquiryJson.Text(s, "kind") ?? "", InquiryJson.Text(s, "reference") ?? "", quarter),
                InquiryJson.Text(body, "message") ?? "", null, null, cancellationToken);
            return HttpResponses.Json(201, InquiryJson.View(opened));
        }
        catch (Exception e) when (e is ArgumentException)
        {
            return InquiryJson.Refusal(e);
        }
    }
}

/// <summary>httpTrigger <c>GET api/partners/{id}/inquiries/{inquiry}</c>: one inquiry with its thread and evidence;
/// <c>POST .../messages {"message": ...}</c>: the partner writes again.</summary>
public sealed class PartnerInquiryFunction(AccessControl access, InquiryStore inquiries, InquiryDesk desk)
{
    public const string Name = "PartnerInquiry";
    public const string MessageName = "PartnerInquiryMessage";

    [Function(Name)]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/partners/{id}/inquiries/{inquiry}")] HttpRequest request, string id, string inquiry, CancellationToken cancellationToken) =>
        HttpTrigger.RunAsync(request, HandleAsync, cancellationToken, ("id", id), ("inquiry", inquiry));

    [Function(MessageName)]
    public Task<IActionResult> MessageAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/partners/{id}/inquiries/{inquiry}/messages")] HttpRequest request, string id, string inquiry, CancellationToken cancellationToken) =>
        HttpTrigger.RunAsync(request, HandleMessageAsync, cancellationToken, ("id", id), ("inquiry", inquiry));

    public async Task<HttpTriggerResponse> HandleAsync(HttpTriggerRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var decision = await access.PartnerAsync(request, Name, request.Param("id"), cancellationToken);
        if (!decision.Allowed) return decision.Refusal!;
        var partner = decision.Key!.Subject;
        var id = request.Param("inquiry") ?? "";
        if (await inquiries.FindAsync(partner, id, cancellationToken) is not { } found) return HttpResponses.Error(404, $"There is no inquiry {id}.");
        return HttpResponses.Json(200, InquiryJson.View(found.Inquiry, await inquiries.ThreadAsync(partner, id, cancellationToken), await inquiries.EvidenceAsync(partner, id, cancellationToken)));
    }

    public async Task<HttpTriggerResponse> HandleMessageAsync(HttpTriggerRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var decision = await access.PartnerAsync(request, MessageName, request.Param("id"), cancellationToken);
        if (!decision.Allowed) return decision.Refusal!;
        var partner = decision.Key!.Subject;
        if (!InquiryJson.TryBody(request.Body, out var body)) return HttpResponses.Error(400, "The body must be JSON: {\"message\": ...}.");
        try
        {
            var message = InquiryJson.Text(body, "message") ?? "";
            var updated = await desk.PartnerWritesAsync(partner, request.Param("inquiry") ?? "", message, cancellationToken);
            return HttpResponses.Json(201, InquiryJson.View(updated));
        }
        catch (Exception e) when (e is ArgumentException or KeyNotFoundException or InquiryConflictException)
        {
            return InquiryJson.Refusal(e);
        }
    }
}

/// <summary>httpTrigger <c>PUT|GET api/partners/{id}/inquiries/{inquiry}/evidence/{name}</c>: a file of evidence (the
/// body, at most 5 MB; PDF, PNG, JPEG, CSV or text, checked by its bytes), or reading one back. Stored beside the
/// inquiry under the partner, never served to another partner.</summary>
public sealed class PartnerInquiryEvidenceFunction(AccessControl access, InquiryStore inquiries)
{
    public const string Name = "PartnerInquiryEvidence";

    [Function(Name)]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "put", Route = "api/partners/{id}/inquiries/{inquiry}/evidence/{name}")] HttpRequest request,
        string id, string inquiry, string name, CancellationToken cancellationToken) =>
        HttpTrigger.RunAsync(request, InquiryStore.MaxEvidenceBytes, HandleAsync, cancellationToken, ("id", id), ("inquiry", inquiry), ("name", name));

    public async Task<IActionResult> HandleAsync(HttpTriggerRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var decision = await access.PartnerAsync(request, Name, request.Param("id"), cancellationToken);
        if (!decision.Allowed) return decision.Refusal!;
        var partner = decision.Key!.Subject;
        var inquiry = request.Param("inquiry") ?? "";
        var name = request.Param("name") ?? "";
        if (request.Method.Equals("GET", StringComparison.OrdinalIgnoreCase))
        {
            return await inquiries.ReadEvidenceAsync(partner, inquiry, name, cancellationToken) is { } file
                ? new HttpFileResponse(file.Content, file.ContentType, name)
                : HttpResponses.Error(404, $"Inquiry {inquiry} has no evidence named {name}.");
        }

        try
        {
            var stored = await inquiries.AddEvidenceAsync(partner, inquiry, name, request.Content, cancellationToken);
            return HttpResponses.Json(201, new { name = stored[(stored.LastIndexOf('/') + 1)..], size = request.Content.Length });
        }
        catch (Exception e) when (e is ArgumentException or KeyNotFoundException or InquiryConflictException or EvidenceRefusedException)
        {
            return InquiryJson.Refusal(e);
        }
    }
}

/// <summary>
/// Finance's queue: <c>GET api/finance/inquiries</c> (reader) lists the unresolved inquiries by age against the
/// program's target response time; <c>GET api/finance/inquiries/{partner}/{inquiry}</c> one with its thread;
/// <c>GET .../evidence/{name}</c> a file; <c>POST .../{action}</c> (approver) acts: <c>assign {"to"}</c>,
/// <c>reply {"message"}</c>, <c>resolve {"resolution": "explained|corrected|declined", "message", "amount"}</c>,
/// <c>confirm</c> (a second finance user's approval of a correction above the limit). Who acts is the key's owner.
/// </summary>
public sealed class FinanceInquiryFunctions(AccessControl access, InquiryStore inquiries, InquiryDesk desk, ProgramStore programs, TimeProvider clock)
{
    public const string Queue = "FinanceInquiries";
    public const string One = "FinanceInquiry";
    public const string Evidence = "FinanceInquiryEvidence";
    public const string Act = "FinanceInquiryAct";

    [Function(Queue)]
    public Task<IActionResult> QueueAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/finance/inquiries")] HttpRequest request, CancellationToken cancellationToken) =>
        HttpTrigger.RunAsync(request, HandleQueueAsync, cancellationToken);

    [Function(One)]
    public Task<IActionResult> OneAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/finance/inquiries/{partner}/{inquiry}")] HttpRequest request,
        string partner, string inquiry, CancellationToken cancellationToken) =>
        HttpTrigger.RunAsync(request, HandleOneAsync, cancellationToken, ("partner", partner), ("inquiry", inquiry));

    [Function(Evidence)]
    public Task<IActionResult> EvidenceAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/finance/inquiries/{partner}/{inquiry}/evidence/{name}")] HttpRequest request,
        string partner, string inquiry, string name, CancellationToken cancellationToken) =>
        HttpTrigger.RunAsync(request, 0, HandleEvidenceAsync, cancellationToken, ("partner", partner), ("inquiry", inquiry), ("name", name));

    [Function(Act)]
    public Task<IActionResult> ActAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/finance/inquiries/{partner}/{inquiry}/{action}")] HttpRequest request,
        string partner, string inquiry, string action, CancellationToken cancellationToken) =>
        HttpTrigger.RunAsync(request, HandleActAsync, cancellationToken, ("partner", partner), ("inquiry", inquiry), ("action", action));

    public async Task<HttpTriggerResponse> HandleQueueAsync(HttpTriggerRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var decision = await access.FinanceAsync(request, Queue, ApiKeyRoles.Reader, cancellationToken);
        if (!decision.Allowed) return decision.Refusal!;
        var now = clock.GetUtcNow();
        var target = TimeSpan.FromDays((await programs.InForceAsync(Quarter.Of(DateOnly.FromDateTime(now.UtcDateTime)), cancellationToken)).InquiryResponseDays);
        var open = await inquiries.UnresolvedAsync(cancellationToken);
        return HttpResponses.Json(200, new { targetResponseDays = target.TotalDays, inquiries = open.Select(i => InquiryJson.View(i, target: target, now: now)) });
    }

    public async Task<HttpTriggerResponse> HandleOneAsync(HttpTriggerRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var decision = await access.FinanceAsync(request, One, ApiKeyRoles.Reader, cancellationToken);
        if (!decision.Allowed) return decision.Refusal!;
        var partner = request.Param("partner") ?? "";
        var id = request.Param("inquiry") ?? "";
        if (await inquiries.FindAsync(partner, id, cancellationToken) is not { } found) return HttpResponses.Error(404, $"There is no inquiry {id} of {partner}.");
        return HttpResponses.Json(200, InquiryJson.View(found.Inquiry, await inquiries.ThreadAsync(partner, id, cancellationToken), await inquiries.EvidenceAsync(partner, id, cancellationToken)));
    }

    public async Task<IActionResult> HandleEvidenceAsync(HttpTriggerRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var decision = await access.FinanceAsync(request, Evidence, ApiKeyRoles.Reader, cancellationToken);
        if (!decision.Allowed) return decision.Refusal!;
        var name = request.Param("name") ?? "";
        return await inquiries.ReadEvidenceAsync(request.Param("partner") ?? "", request.Param("inquiry") ?? "", name, cancellationToken) is { } file
            ? new HttpFileResponse(file.Content, file.ContentType, name)
            : HttpResponses.Error(404, $"No evidence named {name}.");
    }

    public async Task<HttpTriggerResponse> HandleActAsync(HttpTriggerRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var decision = await access.FinanceAsync(request, Act, ApiKeyRoles.Approver, cancellationToken);
        if (!decision.Allowed) return decision.Refusal!;
        var by = decision.Key!.Subject;
        var partner = request.Param("partner") ?? "";
        var id = request.Param("inquiry") ?? "";
        if (!InquiryJson.TryBody(request.Body, out var body)) return HttpResponses.Error(400, "The body must be a JSON object.");
        try
        {
            Inquiry result;
            switch (request.Param("action"))
            {
                case "assign":
                    result = await inquiries.AssignAsync(partner, id, InquiryJson.Text(body, "to") ?? "", by, cancellationToken);
                    break;
                case "reply":
                    var message = InquiryJson.Text(body, "message") ?? "";
                    result = await desk.AnswerAsync(partner, id, message, by, cancellationToken);
                    break;
                case "resolve":
                    decimal? amount = null;
                    if (body.TryGetProperty("amount", out var a))
                    {
                        if (a.ValueKind != JsonValueKind.Number || !a.TryGetDecimal(out var parsed)) return HttpResponses.Error(400, "amount must be a number (USD).");
                        amount = parsed;
                    }

                    var text = InquiryJson.Text(body, "message") ?? "";
                    result = await desk.ResolveAsync(partner, id, InquiryJson.Text(body, "resolution") ?? "", text, amount, by, cancellationToken);
                    break;
                case "confirm":
                    result = await inquiries.ConfirmCorrectionAsync(partner, id, by, cancellationToken);
                    break;
                default:
                    return HttpResponses.Error(404, "The actions are assign, reply, resolve and confirm.");
            }

            return HttpResponses.Json(200, InquiryJson.View(result));
        }
        catch (Exception e) when (e is ArgumentException or KeyNotFoundException or InquiryConflictException)
        {
            return InquiryJson.Refusal(e);
        }
    }
}

/// <summary>The inquiry steps that tell someone, for the API and the pages alike: each stores the step, then publishes
/// its notification (finance for what the partner does, the partner for what finance does).</summary>
public sealed class InquiryDesk(InquiryStore inquiries, Notifier notifier, TimeProvider clock)
{
    public async Task<Inquiry> OpenAsync(string partnerId, InquirySubject subject, string message, string? evidenceName, byte[]? evidence, CancellationToken cancellationToken)
    {
        var opened = await inquiries.OpenAsync(partnerId, subject, message, partnerId, cancellationToken);
        if (evidenceName is not null && evidence is not null) await inquiries.AddEvidenceAsync(partnerId, opened.Id, evidenceName, evidence, cancellationToken);
        await notifier.PublishAsync(InquiryEvents.For(InquiryEvents.Opened, opened, message, clock.GetUtcNow(), NotificationTypes.Finance), cancellationToken);
        return opened;
    }

    /// <summary>The partner writes again: the inquiry waits for finance.</summary>
    public async Task<Inquiry> PartnerWritesAsync(string partnerId, string inquiryId, string message, CancellationToken cancellationToken)
    {
        var updated = await inquiries.ReplyAsync(partnerId, inquiryId, message, partnerId, fromFinance: false, cancellationToken);
        await notifier.PublishAsync(InquiryEvents.For(InquiryEvents.Opened, updated, message, clock.GetUtcNow(), NotificationTypes.Finance), cancellationToken);
        return updated;
    }

    public async Task<Inquiry> AnswerAsync(string partnerId, string inquiryId, string message, string by, CancellationToken cancellationToken)
    {
        var answered = await inquiries.ReplyAsync(partnerId, inquiryId, message, by, fromFinance: true, cancellationToken);
        await notifier.PublishAsync(InquiryEvents.For(InquiryEvents.Answered, answered, message, clock.GetUtcNow(), partnerId), cancellationToken);
        return answered;
    }

    public async Task<Inquiry> ResolveAsync(string partnerId, string inquiryId, string resolution, string message, decimal? amount, string by, CancellationToken cancellationToken)
    {
        var resolved = await inquiries.ResolveAsync(partnerId, inquiryId, resolution, message, amount, by, cancellationToken);
        await notifier.PublishAsync(InquiryEvents.For(InquiryEvents.Resolved, resolved, message, resolved.LastActivityAt, partnerId), cancellationToken);
        return resolved;
    }
}
