using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Net.Http.Headers;
using Pipeline.Domain;
using Pipeline.Domain.Inquiries;
using Pipeline.Functions.Hosting;
using Pipeline.Functions.Inquiries;
using Pipeline.Functions.Notifications;
using Pipeline.Inquiries;
using Pipeline.Notifications;

namespace Pipeline.Functions.Web;

/// <summary>A form as posted: its fields and, for multipart forms, its one optional file.</summary>
public sealed record PostedForm(IReadOnlyDictionary<string, string> Fields, string? FileName, byte[] File)
{
    public string Field(string name) => Fields.TryGetValue(name, out var v) ? v : "";

    /// <summary>Reads a urlencoded or multipart body (ASP.NET Core's multipart reader over the bytes already read).</summary>
    public static async Task<PostedForm> ReadAsync(HttpTriggerRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var contentType = request.Header("Content-Type") ?? "";
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media) || !media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            return new PostedForm(WebForms.Parse(request.Body), null, []);
        var boundary = HeaderUtilities.RemoveQuotes(media.Boundary).Value ?? "";
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        string? fileName = null;
        byte[] file = [];
        var reader = new MultipartReader(boundary, new MemoryStream(request.Content));
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)) continue;
            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
            using var buffer = new MemoryStream();
            await section.Body.CopyToAsync(buffer, cancellationToken);
            if (disposition.IsFileDisposition())
            {
                var posted = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                if (!string.IsNullOrEmpty(posted) && buffer.Length > 0)
                {
                    fileName = Path.GetFileName(posted);
                    file = buffer.ToArray();
                }
            }
            else
            {
                fields[name] = Encoding.UTF8.GetString(buffer.ToArray());
            }
        }

        return new PostedForm(fields, fileName, file);
    }
}

/// <summary>httpTrigger <c>POST /partners/{id}/inquiries</c>: the scorecard's form (the partner's session; form token)
/// opens an inquiry, with a file of evidence if one is chosen, then returns to the scorecard.</summary>
public sealed class PartnerInquiryFormFunction(WebAccess access, InquiryDesk desk)
{
    public const string Name = "PartnerInquiryForm";

    [Function(Name)]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "partners/{id}/inquiries")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        HttpTrigger.RunAsync(request, InquiryStore.MaxEvidenceBytes + 64 * 1024, HandleAsync, cancellationToken, ("id", id));

    public async Task<IActionResult> HandleAsync(HttpTriggerRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var partnerId = request.Param("id") ?? "";
        var decision = await access.PartnerPageAsync(request, Name, partnerId, cancellationToken);
        if (decision.Caller is not { } caller) return decision.Refusal!;
        if (!caller.IsPartner) return Html.Problem(403, "Not allowed", "Inquiries are opened by the partner itself.", caller);
        var form = await PostedForm.ReadAsync(request, cancellationToken);
        if (!WebSessions.IsValidCsrf(caller, form.Field("csrf")))
            return Html.Problem(403, "Not allowed", "The form expired or did not come from this site; reload the page and try again.", caller);

        Quarter? quarter = Quarter.TryParse(form.Field("quarter"), out var q) ? q : null;
        try
        {
            var subject = new InquirySubject(form.Field("kind"), form.Field("reference").Trim(), quarter);
            if (subject.Problem() is { } problem) return Html.Problem(400, "Inquiry not sent", problem, caller);
            if (form.FileName is { } name)
            {
                // Checked before anything is stored: a refused file leaves no inquiry behind.
                if (InquiryStore.EvidenceNameProblem(name) is { } bad) return Html.Problem(400, "Inquiry not sent", bad, caller);
                if (EvidenceTypes.Problem(name, form.File) is { } type) return Html.Problem(415, "Inquiry not sent", type, caller);
            }

            await desk.OpenAsync(partnerId, subject, form.Field("message"), form.FileName, form.File, cancellationToken);
            return Html.Redirect($"/partners/{Uri.EscapeDataString(partnerId)}?quarter={quarter?.ToString() ?? ""}#sc-inquiries");
        }
        catch (ArgumentException e)
        {
            return Html.Problem(400, "Inquiry not sent", e.Message, caller);
        }
        catch (EvidenceRefusedException e)
        {
            return Html.Problem(e.Status, "Evidence refused", e.Message, caller);
        }
    }
}

/// <summary>httpTrigger <c>POST /finance/inquiries/{partner}/{inquiry}</c>: the console's forms (approver session;
/// form token): <c>action=reply|resolve|assign|confirm</c>, then back to the console.</summary>
public sealed class FinanceInquiryFormFunction(WebAccess access, InquiryStore inquiries, InquiryDesk desk)
{
    public const string Name = "FinanceInquiryForm";

    [Function(Name)]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "finance/inquiries/{partner}/{inquiry}")] HttpRequest request,
        string partner, string inquiry, CancellationToken cancellationToken) =>
        HttpTrigger.RunAsync(request, HandleAsync, cancellationToken, ("partner", partner), ("inquiry", inquiry));

    public async Task<HttpTriggerResponse> HandleAsync(HttpTriggerRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var decision = await access.FinancePageAsync(request, Name, cancellationToken);
        if (decision.Caller is not { } caller) return decision.Refusal!;
        var form = WebForms.Parse(request.Body);
        if (!WebSessions.IsValidCsrf(caller, form.GetValueOrDefault("csrf")))
            return Html.Problem(403, "Not allowed", "The form expired or did not come from this site; reload the page and try again.", caller);
        if (!caller.CanAct) return Html.Problem(403, "Not allowed", "Answering inquiries needs an approver key; yours is a reader key.", caller);

        var partner = request.Param("partner") ?? "";
        var id = request.Param("inquiry") ?? "";
        var by = caller.Key.Subject;
        var message = (form.GetValueOrDefault("message") ?? "").Trim();
        try
        {
            switch (form.GetValueOrDefault("action"))
            {
                case "reply":
                    await desk.AnswerAsync(partner, id, message, by, cancellationToken);
                    break;
                case "resolve":
                    decimal? amount = null;
                    if (form.GetValueOrDefault("amount") is { Length: > 0 } text)
                    {
                        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var parsed))
                            return Html.Problem(400, "Not an amount", "Enter the correction in USD, e.g. 150.00 or -25.00.", caller);
                        amount = parsed;
                    }

                    var resolution = form.GetValueOrDefault("resolution") ?? "";
                    await desk.ResolveAsync(partner, id, resolution, message, resolution == InquiryResolutions.Corrected ? amount : null, by, cancellationToken);
                    break;
                case "assign":
                    await inquiries.AssignAsync(partner, id, form.GetValueOrDefault("to") ?? by, by, cancellationToken);
                    break;
                case "confirm":
                    await inquiries.ConfirmCorrectionAsync(partner, id, by, cancellationToken);
                    break;
                default:
                    return Html.Problem(400, "Unknown action", "The actions are reply, resolve, assign and confirm.", caller);
            }
        }
        catch (ArgumentException e)
        {
            return Html.Problem(400, "Not sent", e.Message, caller);
        }
        catch (KeyNotFoundException e)
        {
            return Html.Problem(404, "No such inquiry", e.Message, caller);
        }
        catch (InquiryConflictException e)
        {
            return Html.Problem(409, "Not sent", e.Message, caller);
        }

        return Html.Redirect($"/finance?sent={Uri.EscapeDataString($"{form.GetValueOrDefault("action")} {id}")}#fc-inquiries");
    }
}

/// <summary>httpTrigger <c>GET /finance/inquiries/{partner}/{inquiry}/evidence/{name}</c>: a file of evidence for the
/// console (finance session), as a download.</summary>
public sealed class FinanceInquiryEvidenceFileFunction(WebAccess access, InquiryStore inquiries)
{
    public const string Name = "FinanceInquiryEvidenceFile";

    [Function(Name)]
    public Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "finance/inquiries/{partner}/{inquiry}/evidence/{name}")] HttpRequest request,
        string partner, string inquiry, string name, CancellationToken cancellationToken) =>
        HttpTrigger.RunAsync(request, 0, HandleAsync, cancellationToken, ("partner", partner), ("inquiry", inquiry), ("name", name));

    public async Task<IActionResult> HandleAsync(HttpTriggerRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var decision = await access.FinancePageAsync(request, Name, cancellationToken);
        if (decision.Caller is not { } caller) return decision.Refusal!;
        var name = request.Param("name") ?? "";
        return await inquiries.ReadEvidenceAsync(request.Param("partner") ?? "", request.Param("inquiry") ?? "", name, cancellationToken) is { } file
            ? new HttpFileResponse(file.Content, file.ContentType, name)
            : Html.Problem(404, "No such file", "This inquiry has no evidence of that name.", caller);
    }
}
